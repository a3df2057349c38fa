package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeGrowthDetectorTest {

    private static final long MB = 1024 * 1024;
    private final NativeGrowthDetector detector = new NativeGrowthDetector();

    /** Samples a second apart: heap committed 256 MB, non-heap 60 MB, the given direct and "other" anon memory. */
    private static List<MemorySample> samples(int n, LongUnaryOperator direct, LongUnaryOperator other) {
        List<MemorySample> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long d = direct.applyAsLong(i);
            long anon = 256 * MB + 60 * MB + d + other.applyAsLong(i);
            list.add(new MemorySample(0, i * 1000L, 100 * MB, 256 * MB, 512 * MB, 50 * MB, 60 * MB, Map.of(), d, 0, 20,
                    new ProcessMemory(anon + 30 * MB, anon, 30 * MB, 0, 0, anon, -1), 30, 1024, null));
        }
        return list;
    }

    private static AnalysisInput input(List<MemorySample> samples) {
        return new AnalysisInput(samples, List.of(), Series.g1Jdk17(256 * MB, 512 * MB, false));
    }

    @Test
    void directBuffersGrowingIsNativeGrowth() {
        Verdict v = detector.detect(input(samples(60, i -> i * 2 * MB, i -> 20 * MB))).orElseThrow();
        assertEquals(VerdictKind.NATIVE_GROWTH, v.kind());
        assertEquals("direct buffers", v.evidence().get("growing"));
        assertEquals(120.0 * MB, ((Number) v.evidence().get("directGrowthBytesPerMin")).doubleValue(), 5.0 * MB);
        assertTrue(String.join(" ", v.advice()).contains("MaxDirectMemorySize"));
    }

    @Test
    void unaccountedGrowthSaysNothingTheJvmSeesHoldsIt() {
        Verdict v = detector.detect(input(samples(60, i -> 0, i -> 20 * MB + i * MB + (i % 3) * 100_000))).orElseThrow();
        assertEquals("unaccounted native memory", v.evidence().get("growing"));
        assertTrue(v.summary().contains("nothing the JVM can see holds it"), v.summary());
        assertEquals("none the JVM can attribute", v.evidence().get("suspects"));
    }

    @Test
    void aCommittedHeapBecomingResidentIsNotNativeGrowth() {
        // -Xms512m: committed from the start, resident as a burst touches it; nothing native grows
        List<MemorySample> list = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long anon = 100 * MB + Math.min(i, 40) * 12 * MB;
            list.add(new MemorySample(0, i * 1000L, 100 * MB, 512 * MB, 512 * MB, 8 * MB, 20 * MB, Map.of(), 0, 0, 7,
                    new ProcessMemory(anon + 20 * MB, anon, 20 * MB, 0, 0, anon, -1), 11, 1024, null));
        }
        assertTrue(detector.detect(input(list)).isEmpty());
    }

    @Test
    void unaccountedMemoryIsUnknownWhileTheCommittedHeapIsNotAllResident() {
        // -Xms512m, 420 MB resident: the native part cannot be told apart. Counted as 0, the GC's
        // own structures (~20 MB) seemed to appear, as growth, when the heap became resident
        // (a JDK 25 end-to-end run of BurstThenIdle); unknown, they are just there from then on.
        MemorySample partlyResident = new MemorySample(0, 1000, 100 * MB, 512 * MB, 512 * MB, 8 * MB, 24 * MB, Map.of(), 0, 0, 7,
                new ProcessMemory(446 * MB, 420 * MB, 26 * MB, 0, 0, 446 * MB, -1), 11, 1024, null);
        assertEquals(-1, NativeGrowthDetector.unaccounted(partlyResident));
        MemorySample allResident = new MemorySample(0, 2000, 100 * MB, 512 * MB, 512 * MB, 8 * MB, 24 * MB, Map.of(), 0, 0, 7,
                new ProcessMemory(583 * MB, 557 * MB, 26 * MB, 0, 0, 583 * MB, -1), 11, 1024, null);
        assertEquals(557 * MB - 512 * MB - 24 * MB - 7 * 128 * 1024, NativeGrowthDetector.unaccounted(allResident));
    }

    @Test
    void aBurstThatLevelsOffIsNotGrowth() {
        // glibc keeps 200 MB after a burst at sample 20: a step, then flat
        assertTrue(detector.detect(input(samples(60, i -> 0, i -> i < 20 ? 20 * MB : 220 * MB))).isEmpty());
        assertTrue(detector.detect(input(samples(60, i -> 8 * MB, i -> 20 * MB))).isEmpty(), "flat");
        assertTrue(detector.detect(input(samples(10, i -> i * 10 * MB, i -> 0))).isEmpty(), "too few samples");
    }
}
