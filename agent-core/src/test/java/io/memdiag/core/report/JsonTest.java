package io.memdiag.core.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void writesAndReadsBackEveryKind() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote \" backslash \\ newline \n tab \t ctrl \u0001 unicode é");
        m.put("l", 12345678901L);
        m.put("d", 1.5);
        m.put("whole", 3.0);
        m.put("b", true);
        m.put("n", null);
        m.put("list", Arrays.asList(1L, "x", null));
        m.put("nested", Map.of("k", List.of()));
        String json = Json.write(m);
        assertEquals(-1, json.indexOf('\n'), "one line");
        assertTrue(json.contains("ctrl \\u0001 unicode"), json);
        Map<String, Object> back = Json.parseObject(json);
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(12345678901L, back.get("l"));
        assertEquals(1.5, back.get("d"));
        assertEquals(3L, back.get("whole"), "whole doubles are written as integers");
        assertEquals(true, back.get("b"));
        assertEquals(null, back.get("n"));
        assertEquals(Arrays.asList(1L, "x", null), back.get("list"));
        assertEquals(Map.of("k", List.of()), back.get("nested"));
    }

    @Test
    void nanAndInfinityBecomeNull() {
        assertEquals("[null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
    }

    @Test
    void rejectsMalformedInputWithAnOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,}"));
        assertEquals("bad JSON at offset 7: expected a key", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
    }
}
