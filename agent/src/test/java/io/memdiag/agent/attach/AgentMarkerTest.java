package io.memdiag.agent.attach;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AgentMarkerTest {

    @Test
    void whatIsWrittenReadsBackAsTheSameValues() throws IOException {
        Properties values = new Properties();
        values.setProperty("log", " /tmp/my reports:\\x=1#2!3\t\u00e9\u4e2d/memdiag-1.log");
        values.setProperty("odd key = with:specials#!", "line one\nline two\r\f");
        values.setProperty("report.interval", "1m");
        values.setProperty("empty", "");

        Properties read = new Properties();
        read.load(new StringReader(AgentMarker.format(42, values)));

        assertEquals(values, read);
    }

    @Test
    void theFileCarriesNoDateComment() {
        Properties values = new Properties();
        values.setProperty("version", "0.1.0");
        String text = AgentMarker.format(42, values);
        assertEquals("#memdiag agent in process 42\nversion=0.1.0\n", text);
        assertFalse(text.contains(String.valueOf(java.time.Year.now().getValue())));
    }
}
