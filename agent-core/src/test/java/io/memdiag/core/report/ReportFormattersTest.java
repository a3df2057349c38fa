package io.memdiag.core.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memdiag.core.report.ReportFixtures.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportFormattersTest {

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesTheContractFields() {
        Map<String, Object> r = Json.parseObject(new JsonReportFormatter().format(ReportFixtures.report(3)));
        for (String key : List.of("schema", "time", "pid", "uptimeMs", "sequence", "reason", "jvm", "memory", "gc", "verdicts", "dropped", "events", "agent", "notes")) {
            assertTrue(r.containsKey(key), key);
        }
        assertEquals("2025-11-22T08:26:40.000Z", r.get("time"));
        assertEquals(4242L, r.get("pid"));
        assertEquals(3L, r.get("dropped"));
        assertEquals(500L, ((Map<String, Object>) r.get("agent")).get("cpuMicrosPerSample"));
        assertEquals(List.of(List.of(1000L, 60 * MB, 1L)), ((Map<String, Object>) r.get("gc")).get("floors"));
        Map<String, Object> memory = (Map<String, Object>) r.get("memory");
        assertEquals(60 * MB, memory.get("liveAfterGc"));
        assertEquals(300 * MB, memory.get("rss"));
        assertEquals(172 * MB, memory.get("outsideHeap"), "RSS minus committed heap");
        assertEquals(1024 * MB, ((Map<String, Object>) memory.get("cgroup")).get("limit"));
        Map<String, Object> verdict = ((List<Map<String, Object>>) r.get("verdicts")).get(0);
        assertEquals("HEAP_LEAK", verdict.get("kind"));
        assertEquals("WARNING", verdict.get("severity"));
        assertEquals(List.of(), verdict.get("sites"));
        assertEquals(12.5 * MB, ((Number) ((Map<String, Object>) verdict.get("evidence")).get("growthBytesPerMin")).doubleValue());
    }

    @Test
    void humanReportPutsVerdictsBeforeTheMemoryTable() {
        String text = new HumanReportFormatter().format(ReportFixtures.report(1));
        int verdicts = text.indexOf("VERDICTS");
        int memory = text.indexOf("MEMORY");
        assertTrue(verdicts > 0 && memory > verdicts, text);
        assertTrue(text.contains("[WARNING] HEAP_LEAK: Live heap after GC rose"), text);
        assertTrue(text.matches("(?s).*RSS +300\\.0 MB  anon 250\\.0 MB, file 45\\.0 MB.*"), text);
        assertTrue(text.contains("growthBytesPerMin=12.5 MB/min"), "evidence is readable: " + text);
        assertTrue(text.contains("heapMax=256.0 MB"), text);
        assertTrue(text.contains("cgroup v2"), text);
        assertTrue(text.contains("dropped 3"), text);
    }
}
