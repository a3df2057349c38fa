package io.memdiag.core.report;

import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.resources.ResourceSnapshot;
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

    /** A report whose resources include opens beyond resources.walks, tracked without a site. */
    private static Report withOpensWithoutASite() {
        Report base = ReportFixtures.report(1);
        ResourceSnapshot resources = new ResourceSnapshot(base.memory().epochMillis(), 1_000, 0, 0, -1, 0,
                List.of(new ResourceSnapshot.SiteStats("com.example.Config.load(Config.java:42)", ResourceKind.FILE_CHANNEL,
                        100, 90, 10, 0, List.of("com.example.Config.load(Config.java:42)"))),
                List.of(new ResourceSnapshot.SiteStats("(site not looked up: beyond resources.walks)", ResourceKind.FILE_CHANNEL,
                        900, 805, 90, 5, List.of())), 100);
        return new Report(base.sequence(), base.reason(), base.pid(), base.jvm(), base.memory(), base.verdicts(), base.gc(),
                base.events(), base.agent(), resources, null, List.of(), base.allocations(), base.notes());
    }

    @Test
    @SuppressWarnings("unchecked")
    void opensWithoutASiteAreCountedApartFromTheSitesInBothFormats() {
        Map<String, Object> json = (Map<String, Object>) Json.parseObject(new JsonReportFormatter().format(withOpensWithoutASite()))
                .get("resources");
        assertEquals(100L, json.get("walksPerSecond"));
        assertEquals(900L, json.get("notAttributed"));
        assertEquals(100L, json.get("collectedUnclosed"), "the totals include them");
        assertEquals(5L, json.get("openNow"));
        assertEquals(List.of(Map.of("kind", "FILE_CHANNEL", "opened", 900L, "closed", 805L, "collectedUnclosed", 90L, "openNow", 5L)),
                json.get("notAttributedByKind"));
        assertEquals(1, ((List<Object>) json.get("sites")).size(), "never listed as a site");

        String text = new HumanReportFormatter().format(withOpensWithoutASite());
        assertTrue(text.contains("\n  site not looked up for 900 opens (beyond resources.walks=100 a second; the sites below are a sample):"
                + " FILE_CHANNEL x5 open, 90 leaked (opened 900)\n"), text);
    }
}
