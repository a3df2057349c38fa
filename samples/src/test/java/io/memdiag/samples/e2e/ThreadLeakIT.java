package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static io.memdiag.samples.e2e.ChildJvm.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An executor per request never shut down is a THREAD_LEAK; a fixed pool and short-lived threads are not. */
class ThreadLeakIT {

    /** A report a second: "rising at each of the last 4 reports" needs a few seconds. */
    private static String options(String name) {
        return "report.dir=" + dir(name) + ",sample.interval=200ms,report.interval=1s";
    }

    @Test
    @SuppressWarnings("unchecked")
    void executorPerRequestIsNamedAtTheSubmittingMethod() throws Exception {
        ChildJvm.Run run = ChildJvm.run("leaky-executors", options("leaky-executors"), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyExecutors", "leak", "7");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        Map<String, Object> v = verdicts(last).stream().filter(x -> "THREAD_LEAK".equals(x.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(last.get("verdicts") + run.describe()));
        assertTrue(((List<String>) v.get("sites")).get(0).startsWith("io.memdiag.samples.LeakyExecutors.handleWithOwnExecutor("), v.toString());
        Map<String, Object> evidence = (Map<String, Object>) v.get("evidence");
        assertTrue(((Number) evidence.get("aliveNow")).longValue() >= 60, "about 20 new parked threads a second: " + evidence);
        assertTrue(String.valueOf(evidence.get("statesAtTopSite")).contains("WAITING"), evidence.toString());
        assertTrue(((Number) evidence.get("stackBytesReserved")).longValue() > 0, evidence.toString());
    }

    @Test
    void aFixedPoolAndShortLivedThreadsAreNoLeak() throws Exception {
        ChildJvm.Run pool = ChildJvm.run("fixed-pool", options("fixed-pool"), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyExecutors", "pool", "6");
        ChildJvm.Run shortLived = ChildJvm.run("short-lived-threads", options("short-lived-threads"), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyExecutors", "shortlived", "6");
        for (ChildJvm.Run run : List.of(pool, shortLived)) {
            assertEquals(0, run.exitCode(), run.describe());
            for (Map<String, Object> report : run.reports()) {
                assertFalse(verdictKinds(report).contains("THREAD_LEAK"), "report " + report.get("sequence") + ": " + report.get("verdicts"));
            }
        }
    }
}
