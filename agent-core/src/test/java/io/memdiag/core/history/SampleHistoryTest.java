package io.memdiag.core.history;

import io.memdiag.core.model.MemorySample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SampleHistoryTest {

    /** Sample i at i seconds; in each run of ten, the one at i % 10 == 7 uses the most heap. */
    private static MemorySample sample(int i) {
        return SampleFixtures.sample(i * 1000L, i % 10 == 7 ? 1_000_000 + i : i);
    }

    @Test
    void coversTheSpanWithTheRecentSamplesWholeAndTheOlderOnesThinnedToTheirPeaks() {
        SampleHistory h = new SampleHistory(3600);
        for (int i = 0; i < 4000; i++) {
            h.add(sample(i));
        }
        List<MemorySample> kept = h.snapshot();
        assertEquals(330 + 300, kept.size(), "3,300 older samples as 330, and the last 300");
        List<Long> older = kept.subList(0, 330).stream().map(MemorySample::uptimeMillis).toList();
        assertEquals(LongStream.range(0, 330).map(k -> (407 + 10 * k) * 1000).boxed().toList(), older,
                "from the 400th sample on (the span of 3,600), each run of ten as its peak");
        List<Long> recent = kept.subList(330, 630).stream().map(MemorySample::uptimeMillis).toList();
        assertEquals(LongStream.range(3700, 4000).map(i -> i * 1000).boxed().toList(), recent);
    }

    @Test
    void aRunBeingThinnedShowsItsPeakSoFar() {
        SampleHistory h = new SampleHistory(3600);
        for (int i = 0; i < 309; i++) {
            h.add(sample(i));
        }
        List<MemorySample> kept = h.snapshot();
        assertEquals(1 + 300, kept.size());
        assertEquals(7000L, kept.get(0).uptimeMillis(), "of the nine samples that left the recent tier (0 to 8), the peak");
        assertEquals(9000L, kept.get(1).uptimeMillis(), "then the recent tier, whole");
    }

    @Test
    void aSpanWithinTheRecentTierIsKeptWhole() {
        SampleHistory h = new SampleHistory(50);
        for (int i = 0; i < 80; i++) {
            h.add(sample(i));
        }
        assertEquals(LongStream.range(30, 80).map(i -> i * 1000).boxed().toList(),
                h.snapshot().stream().map(MemorySample::uptimeMillis).toList());
    }
}
