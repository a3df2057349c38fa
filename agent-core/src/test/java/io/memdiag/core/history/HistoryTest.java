package io.memdiag.core.history;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {

    private static GcPoint gc(long t, long after) {
        return new GcPoint(t, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 1, after * 2, after, after * 3, after, false);
    }

    @Test
    void onlyTheNewestSampleKeepsItsPoolBreakdown() {
        History h = new History(3, 8);
        for (int i = 1; i <= 5; i++) {
            h.addSample(SampleFixtures.sample(i * 1000L, i * 100L));
        }
        List<MemorySample> kept = h.samples();
        assertEquals(List.of(3000L, 4000L, 5000L), kept.stream().map(MemorySample::uptimeMillis).toList(), "the ring keeps the last three");
        assertEquals(Map.of(), kept.get(0).nonHeapPools());
        assertEquals(Map.of(), kept.get(1).nonHeapPools());
        assertEquals(Map.of("Metaspace", 40L), kept.get(2).nonHeapPools());
        assertEquals(50L, kept.get(0).nonHeapCommitted(), "the total stays on every sample");
        assertEquals(400L, kept.get(1).heapUsed());
    }

    @Test
    void gcTableStaysBoundedAndKeepsTheWholeSpan() {
        History h = new History(10, 64);
        for (int i = 0; i < 100_000; i++) {
            h.addGc(gc(i * 100L, 1000 + (i % 7)));
        }
        List<GcPoint> kept = h.gcPoints();
        assertTrue(kept.size() <= 64, "bounded: " + kept.size());
        assertEquals(100_000, h.gcCyclesSeen());
        assertTrue(kept.get(0).uptimeMillis() < 100L * 100, "the oldest point still comes from the run's start: " + kept.get(0));
        assertEquals(99_999L * 100, kept.get(kept.size() - 1).uptimeMillis(), "the newest is kept as it came");
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(kept.get(i).uptimeMillis() > kept.get(i - 1).uptimeMillis(), "time order kept");
        }
        assertTrue(h.gcPointsCompacted() > 0);
    }

    @Test
    void archiveKeepsTheFloorOfEachMergedRun() {
        History h = new History(10, 4); // 2 recent + 2 archived
        long[] after = {500, 100, 900, 800, 700, 600, 300};
        for (int i = 0; i < after.length; i++) {
            h.addGc(gc(i + 1, after[i]));
        }
        // recent: 600, 300. Archive: 500 and 100 fill it; 900 forces a merge to floor(500,100) = 100 at stride 2;
        // 800 and 700 make one stride-2 point, 700, which forces a merge of (100, 900) to 100 at stride 4.
        List<Long> kept = h.gcPoints().stream().map(GcPoint::heapUsedAfter).toList();
        assertEquals(List.of(100L, 700L, 600L, 300L), kept);
        assertEquals(300, h.lastLiveAfterGc());
    }

    @Test
    void reclamationsAreMarkedOnArrivalAndSurviveMerging() {
        History h = new History(10, 8);
        long old = 100L << 20;
        for (int i = 0; i < 200; i++) {
            old = i % 10 == 9 ? old - (5L << 20) : old + (1L << 20); // every tenth collection frees old regions
            h.addGc(new GcPoint(i * 100L, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 1,
                    old + (50L << 20), old + (2L << 20), old * 2, old, false));
        }
        long marked = h.gcPoints().stream().filter(GcPoint::oldCollected).count();
        assertTrue(marked >= 2, "reclamations inferred from the shrinking old generation survive the archive: " + marked);
    }

    @Test
    void samplesAreARingOfTheMostRecent() {
        History h = new History(3, 8);
        for (int i = 0; i < 10; i++) {
            h.addSample(SampleFixtures.sample(i, 100));
        }
        assertEquals(List.of(7L, 8L, 9L), h.samples().stream().map(s -> s.uptimeMillis()).toList());
    }
}
