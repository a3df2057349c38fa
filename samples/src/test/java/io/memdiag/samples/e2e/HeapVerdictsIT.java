package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static io.memdiag.samples.e2e.ChildJvm.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three samples under the real agent: leaked, retained, healthy. */
class HeapVerdictsIT {

    /**
     * memdiag confirms a rising heap only across old-generation collections (before the first
     * one, promoted garbage looks just like a leak). G1 starts them at 45% occupancy by default,
     * later than a 16-second test; a lower fixed threshold brings them early, nothing more.
     */
    @Test
    void unprunedCacheIsReportedAsHeapLeak() throws Exception {
        ChildJvm.Run run = ChildJvm.run("leaky-cache", fastOptions(dir("leaky-cache")) + ",alloc=on,alloc.throttle=600",
                List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:InitiatingHeapOccupancyPercent=10", "-XX:-G1UseAdaptiveIHOP"),
                List.of(), "io.memdiag.samples.LeakyCache", "16", "400");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertEquals("shutdown", last.get("reason"));
        assertTrue(verdictKinds(last).contains("HEAP_LEAK"), "expected HEAP_LEAK in " + last + "\n" + run.describe());
        Map<String, Object> leak = verdicts(last).stream().filter(v -> "HEAP_LEAK".equals(v.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> evidence = object(leak, "evidence");
        assertTrue(((Number) evidence.get("growthBytesPerMin")).doubleValue() > 100.0 * 1024 * 1024,
                "the sample leaks ~240 MB/min: " + evidence);
        assertTrue(((Number) evidence.get("oldReclamations")).longValue() >= 2, "confirmed across old collections: " + evidence);
        assertNotNull(evidence.get("projectedToMaxMs"), "a projection to -Xmx: " + evidence);
        assertNotNull(leak.get("summary"));
        assertFalse(((List<?>) leak.get("advice")).isEmpty());
        // allocation sampling names the site whose objects keep surviving: the cache's byte[]
        // (line 48), not the sessions' byte[] (line 56), which expire, nor the churn
        List<?> sites = (List<?>) leak.get("sites");
        assertFalse(sites.isEmpty(), "HEAP_LEAK names allocation sites: " + leak);
        String first = (String) sites.get(0);
        assertTrue(first.startsWith("io.memdiag.samples.LeakyCache.cacheResponses(LeakyCache.java:48) allocates byte[]"), first);
        assertTrue(((Number) evidence.get("sitesShareOfGrowth")).doubleValue() >= 0.5, "the site explains most of the growth: " + evidence);
        for (Object site : sites) {
            assertFalse(((String) site).contains("LeakyCache.java:56)"), "expiring sessions are not a leak site: " + sites);
        }
        assertTrue(run.humanLog().contains("HEAP_LEAK"), "the human log names the verdict");
        assertTrue(run.stderr().contains("memdiag: reports every 2s to " + dir("leaky-cache")), run.stderr());
        assertTrue(run.stdout().startsWith("LeakyCache:"), "the agent prints nothing on the host's stdout: " + run.stdout());
    }

    @Test
    @SuppressWarnings("unchecked")
    void burstReleasedWithPinnedHeapIsRetainedNotLeak() throws Exception {
        ChildJvm.Run run = ChildJvm.run("burst-pinned", fastOptions(dir("burst-pinned")),
                List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"), List.of(),
                "io.memdiag.samples.BurstThenIdle", "300", "3", "10");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        List<String> kinds = verdictKinds(last);
        assertTrue(kinds.contains("RETAINED"), "expected RETAINED in " + last + "\n" + run.describe());
        assertFalse(kinds.contains("HEAP_LEAK"), "a released burst is not a leak: " + last);
        Map<String, Object> retained = verdicts(last).stream().filter(v -> "RETAINED".equals(v.get("kind"))).findFirst().orElseThrow();
        assertEquals("INFO", retained.get("severity"));
        assertTrue(String.join(" ", (List<String>) retained.get("advice")).contains("Xms"), "advice names -Xms: " + retained);
        for (Map<String, Object> report : run.reports()) {
            assertFalse(verdictKinds(report).contains("HEAP_LEAK"), "never HEAP_LEAK, report " + report.get("sequence"));
        }
    }

    @Test
    void burstReleasedWithDefaultHeapIsNeverALeak() throws Exception {
        ChildJvm.Run run = ChildJvm.run("burst-default", fastOptions(dir("burst-default")),
                List.of("-Xmx512m"), List.of(), "io.memdiag.samples.BurstThenIdle", "300", "3", "10");
        assertEquals(0, run.exitCode(), run.describe());
        List<Map<String, Object>> reports = run.reports();
        assertTrue(reports.size() >= 3, "periodic reports plus the shutdown report: " + reports.size());
        for (Map<String, Object> report : reports) {
            assertFalse(verdictKinds(report).contains("HEAP_LEAK"), "never HEAP_LEAK, report " + report);
        }
    }

    @Test
    void healthyServiceHasNoLeakAndFullMemoryTable() throws Exception {
        // As in the LeakyCache demo: in 14 s G1 may not mark the old generation at all on a loaded
        // machine (a CI run with three JVMs per core), so garbage promoted early would read as
        // live heap rising; marking early makes "live after GC" mean live, as it does within
        // minutes in a real service.
        ChildJvm.Run run = ChildJvm.run("healthy", fastOptions(dir("healthy")),
                List.of("-Xmx128m", "-XX:InitiatingHeapOccupancyPercent=10", "-XX:-G1UseAdaptiveIHOP"), List.of(),
                "io.memdiag.samples.HealthyService", "14");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertFalse(verdictKinds(last).contains("HEAP_LEAK"), "bounded cache is not a leak: " + last);
        assertFalse(verdictKinds(last).contains("RESOURCE_LEAK"), "nothing opened and dropped: " + last.get("verdicts"));
        Map<String, Object> memory = object(last, "memory");
        assertTrue(((Number) memory.get("liveAfterGc")).longValue() > 0, memory.toString());
        assertTrue(((Number) memory.get("heapCommitted")).longValue() >= ((Number) memory.get("heapUsed")).longValue(), memory.toString());
        assertEquals(128L * 1024 * 1024, ((Number) memory.get("heapMax")).longValue());
        assertTrue(((Number) memory.get("rss")).longValue() > ((Number) memory.get("rssAnon")).longValue(), memory.toString());
        assertTrue(((Number) memory.get("openFds")).longValue() > 2, memory.toString());
        assertTrue(((Number) memory.get("threads")).longValue() > 2, memory.toString());
        assertNotNull(last.get("dropped"));
        Map<String, Object> byType = object(object(last, "events"), "byType");
        long workers = Long.parseLong(run.stdout().split(" ")[1]) / 10;
        long starts = ((Number) byType.getOrDefault("THREAD_START", 0L)).longValue();
        // Instrumentation is installed in the background, so the first few hundred ms of workers
        // may go unseen; the agent's own threads (its shutdown hook) must never be counted.
        assertTrue(starts >= workers * 8 / 10 && starts <= workers,
                "Thread.start is instrumented: each tenth request starts a worker: " + starts + " of " + workers);
        assertTrue(((Number) object(last, "gc").get("cycles")).longValue() > 5, "GC notifications arrive: " + last.get("gc"));
    }
}
