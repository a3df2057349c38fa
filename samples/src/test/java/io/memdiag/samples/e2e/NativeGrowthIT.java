package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                "io.memdiag.samples.NativeGrowth", "burst", "10");
        assertEquals(0, run.exitCode(), run.describe());
        // Only reports whose later half of samples lies after the burst. While 256 MB are being
        // allocated no detector can know they will be freed, and the detector asks whether the
        // series is still rising in the later half of what it keeps: from twice the burst's end
        // (plus a second of margin) that half is all after it. The sample prints when the burst
        // ended, because on a loaded machine the allocation alone can take seconds.
        Matcher burst = Pattern.compile("burst allocated at uptime (\\d+) ms").matcher(run.stdout());
        assertTrue(burst.find(), run.describe());
        long cutOff = 2 * Long.parseLong(burst.group(1)) + 1_000;
        int afterBurst = 0;
        for (Map<String, Object> report : run.reports()) {
            if (((Number) report.get("uptimeMs")).longValue() >= cutOff) {
                afterBurst++;
                assertFalse(verdictKinds(report).contains("NATIVE_GROWTH"), "report " + report.get("sequence") + ": " + report.get("verdicts"));
            }
        }
        assertTrue(afterBurst >= 2, "reports after " + cutOff + " ms: " + afterBurst + "\n" + run.describe());
    }
}
