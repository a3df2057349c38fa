package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static io.memdiag.samples.e2e.ChildJvm.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory outside the heap: growth is NATIVE_GROWTH (not HEAP_LEAK); a freed burst is not. */
class NativeGrowthIT {

    private static final List<String> JVM = List.of("-Xmx64m", "-XX:MaxDirectMemorySize=1g");

    @Test
    @SuppressWarnings("unchecked")
    void retainedDirectBuffersAndUnendedDeflatersWithAFlatHeap() throws Exception {
        ChildJvm.Run run = ChildJvm.run("native-growth", fastOptions(dir("native-growth")), JVM, List.of(),
                "io.memdiag.samples.NativeGrowth", "grow", "10");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertTrue(verdictKinds(last).contains("NATIVE_GROWTH"), last.get("verdicts") + run.describe());
        assertFalse(verdictKinds(last).contains("HEAP_LEAK"), "the heap is flat: " + last.get("verdicts"));
        Map<String, Object> v = verdicts(last).stream().filter(x -> "NATIVE_GROWTH".equals(x.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> evidence = (Map<String, Object>) v.get("evidence");
        assertTrue(String.valueOf(evidence.get("growing")).contains("direct buffers"), evidence.toString());
        assertTrue(String.valueOf(evidence.get("suspects")).contains("NativeGrowth.compressorPerRequest"),
                "deflaters never ended are named: " + evidence);
        assertTrue(String.valueOf(evidence.get("suspects")).contains("allocated at io.memdiag.samples.NativeGrowth.cacheBuffer("),
                "direct buffers are named at their allocation site: " + evidence);
        assertTrue(((List<String>) v.get("sites")).get(0).startsWith("io.memdiag.samples.NativeGrowth.cacheBuffer("), v.toString());
    }

    @Test
    void aNativeBurstThatWasFreedIsNotGrowth() throws Exception {
        ChildJvm.Run run = ChildJvm.run("native-burst", fastOptions(dir("native-burst")), JVM, List.of(),
                "io.memdiag.samples.NativeGrowth", "burst", "8");
        assertEquals(0, run.exitCode(), run.describe());
        // Once the burst has levelled off. While 256 MB are being allocated, no detector can know
        // they will be freed, and on a loaded machine (JDK 25 CI) the allocation spanned several
        // samples and a report fell inside it: growth then is a fair reading.
        List<Map<String, Object>> reports = run.reports();
        int afterBurst = 0;
        for (Map<String, Object> report : reports) {
            if (((Number) report.get("uptimeMs")).longValue() >= 5_000) {
                afterBurst++;
                assertFalse(verdictKinds(report).contains("NATIVE_GROWTH"), "report " + report.get("sequence") + ": " + report.get("verdicts"));
            }
        }
        assertTrue(afterBurst >= 2, "reports after the burst: " + afterBurst);
    }
}
