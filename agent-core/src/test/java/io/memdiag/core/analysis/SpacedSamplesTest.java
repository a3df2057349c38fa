package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpacedSamplesTest {

    private static MemorySample at(long seconds) {
        return new MemorySample(seconds * 1000, seconds * 1000, 1, 2, 4, 1, 0, Map.of(), 0, 0, 1, ProcessMemory.UNAVAILABLE, -1, -1, null);
    }

    @Test
    void spreadsThePointsOverTheSpanNotOverTheDenseRecentEnd() {
        // an hour as the history keeps it: 55 minutes one sample in ten seconds, then 5 minutes one a second
        List<MemorySample> samples = new ArrayList<>();
        for (long s = 0; s < 3300; s += 10) {
            samples.add(at(s));
        }
        for (long s = 3300; s < 3600; s++) {
            samples.add(at(s));
        }
        List<MemorySample> picked = SpacedSamples.pick(samples, 60);
        assertSame(samples.get(0), picked.get(0));
        assertSame(samples.get(samples.size() - 1), picked.get(picked.size() - 1));
        assertTrue(picked.size() >= 55, "few targets fall on the same sample: " + picked.size());
        long half = picked.get(picked.size() / 2).uptimeMillis();
        assertTrue(half > 1_600_000 && half < 2_000_000, "the middle point is mid-span, not in the last five minutes: " + half);
        for (int i = 1; i < picked.size(); i++) {
            long gap = picked.get(i).uptimeMillis() - picked.get(i - 1).uptimeMillis();
            assertTrue(gap <= 2 * 3_599_000 / 59, "gap " + gap + " at " + i);
        }
    }

    @Test
    void keepsAllWhenThereAreFewEnough() {
        List<MemorySample> samples = List.of(at(1), at(2), at(3));
        assertSame(samples, SpacedSamples.pick(samples, 60));
        assertEquals(3, SpacedSamples.pick(samples, 3).size());
    }
}
