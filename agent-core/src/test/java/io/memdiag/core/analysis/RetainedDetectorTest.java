package io.memdiag.core.analysis;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.memdiag.core.analysis.Series.GB;
import static io.memdiag.core.analysis.Series.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetainedDetectorTest {

    private final RetainedDetector detector = new RetainedDetector();

    /** A 400 MB burst, released at 2 min; heap pinned at 1 GB committed; light work after. */
    private static Series burstReleased() {
        Series s = Series.g1(10 * 60_000, 2_000, t -> t < 60_000 ? 20 * MB : t < 120_000 ? 420 * MB : 20 * MB, MB, 5, MB, 1);
        s.samples(10 * 60_000, 1_000, GB, GB, 700 * MB);
        s.used(60_000, 120_000, 900 * MB); // the peak: used heap near committed during the burst
        return s;
    }

    @Test
    void burstReleasedWithXmsEqualXmxIsRetainedIdleSincePeak() {
        Series s = burstReleased();
        Verdict v = detector.detect(s.input(Series.g1Jdk17(GB, GB, true))).orElseThrow();
        assertEquals(VerdictKind.RETAINED, v.kind());
        assertEquals(Severity.INFO, v.severity());
        assertEquals("IDLE_SINCE_PEAK", v.evidence().get("pattern"));
        assertEquals(true, v.evidence().get("xmsPinsHeap"));
        long idle = ((Number) v.evidence().get("idleSinceMs")).longValue();
        assertTrue(idle > 7 * 60_000 && idle < 9 * 60_000, "idle since the burst ended: " + idle);
        assertTrue(v.summary().startsWith("Not a leak: the process holds RSS 700.0 MB but lives on "), v.summary());
        assertFalse(v.summary().contains("outside the heap"), "RSS below the committed heap says nothing of the rest: " + v.summary());
        assertNull(v.evidence().get("outsideHeap"));
        assertTrue(v.advice().get(0).startsWith("-Xms equals -Xmx (1.0 GB)"), v.advice().toString());
        String advice = String.join("\n", v.advice());
        assertTrue(advice.contains("G1PeriodicGCInterval"), advice);
        assertTrue(v.advice().get(1).endsWith("Only after -Xms is lowered: no collector shrinks the heap below it."), v.advice().get(1));
        assertFalse(advice.contains("ZUncommitDelay") || advice.contains("SoftMaxHeapSize"), "no ZGC knobs on G1: " + advice);
    }

    @Test
    void ergonomicInitialHeapIsNotBlamedOnMinusXms() {
        Verdict v = detector.detect(burstReleased().input(Series.g1Jdk17(GB, GB, false))).orElseThrow();
        assertTrue(v.advice().get(0).startsWith("The initial heap equals the maximum"), v.advice().get(0));
    }

    @Test
    void nativeAdviceOnlyWhereTheJvmHasTheFlagAndOutsideHeapIsLarge() {
        Series s = Series.g1(10 * 60_000, 2_000, t -> 20 * MB, MB, 5, MB, 2);
        s.samples(10 * 60_000, 1_000, 512 * MB, GB, 1400 * MB); // 888 MB outside the heap
        JvmFacts withTrim = Series.g1Jdk17(512 * MB, GB, true);
        String advice = String.join("\n", detector.detect(s.input(withTrim)).orElseThrow().advice());
        assertTrue(advice.contains("TrimNativeHeapInterval") && advice.contains("MALLOC_ARENA_MAX=2"), advice);

        Map<String, String> flags = new HashMap<>(withTrim.vmFlags());
        flags.remove("TrimNativeHeapInterval");
        JvmFacts withoutTrim = new JvmFacts(17, "17.0.1", JvmFacts.Collector.G1, withTrim.gcNames(), 512 * MB, GB, flags, "4", true);
        String advice2 = String.join("\n", detector.detect(s.input(withoutTrim)).orElseThrow().advice());
        assertFalse(advice2.contains("TrimNativeHeapInterval") || advice2.contains("trim_native_heap"), advice2);
        assertTrue(advice2.contains("(currently 4)"), "mentions the current MALLOC_ARENA_MAX: " + advice2);
    }

    @Test
    void zgcGetsZgcKnobs() {
        Series s = burstReleased();
        Map<String, String> flags = Map.of("SoftMaxHeapSize", "1073741824", "ZUncommitDelay", "300");
        JvmFacts zgc = new JvmFacts(25, "25", JvmFacts.Collector.ZGC, List.of("ZGC Cycles"), 256 * MB, GB, flags, null, true);
        String advice = String.join("\n", detector.detect(s.input(zgc)).orElseThrow().advice());
        assertTrue(advice.contains("SoftMaxHeapSize") && advice.contains("ZUncommitDelay"), advice);
        assertFalse(advice.contains("G1PeriodicGCInterval"), advice);
    }

    @Test
    void committedCloseToLiveIsNotRetained() {
        Series s = Series.g1(10 * 60_000, 2_000, t -> 200 * MB, MB, 5, MB, 3);
        s.samples(10 * 60_000, 1_000, 300 * MB, GB, 450 * MB);
        assertTrue(detector.detect(s.input(Series.g1Jdk17(256 * MB, GB, false))).isEmpty());
    }

    @Test
    void committedButNotResidentIsNotRetained() {
        // 1 GB committed, but RSS shows the free part was never touched
        Series s = Series.g1(10 * 60_000, 2_000, t -> 20 * MB, MB, 5, MB, 4);
        s.samples(10 * 60_000, 1_000, GB, GB, 120 * MB);
        assertTrue(detector.detect(s.input(Series.g1Jdk17(GB, GB, true))).isEmpty());
    }

    @Test
    void heapCyclingUpToCommittedIsYoungGenCycling() {
        Series s = Series.g1(5 * 60_000, 2_000, t -> 30 * MB, MB, 5, MB, 5);
        s.samples(5 * 60_000, 1_000, 600 * MB, GB, 650 * MB);
        for (long t = 0; t < 5 * 60_000; t += 4_000) {
            s.used(t, t + 1_000, 500 * MB);
        }
        Optional<Verdict> v = detector.detect(s.input(Series.g1Jdk17(256 * MB, GB, false)));
        assertEquals("YOUNG_GEN_CYCLING", v.orElseThrow().evidence().get("pattern"));
    }

    @Test
    void neverSaysNotALeakWhileTheFloorRises() {
        Series s = Series.g1(30 * 60_000, 5_000, t -> 20 * MB + t / 60_000 * 5 * MB, MB, 0, MB, 6);
        s.samples(30 * 60_000, 1_000, GB, GB, 900 * MB);
        assertTrue(detector.detect(s.input(Series.g1Jdk17(GB, GB, true))).isEmpty());
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        Series s = burstReleased();
        AnalysisInput in = new AnalysisInput(s.samples.subList(0, 3), s.gc, Series.g1Jdk17(GB, GB, true));
        assertTrue(detector.detect(in).isEmpty());
    }
}
