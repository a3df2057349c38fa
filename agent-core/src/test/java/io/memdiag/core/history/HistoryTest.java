package io.memdiag.core.history;

import io.memdiag.core.model.GcPoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {

    private static GcPoint gc(long t, long after) {
        return new GcPoint(t, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 1, after * 2, after, after * 3, after, false);
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
    void compactionKeepsTheFloorOfEachPair() {
        History h = new History(10, 4);
        h.addGc(gc(1, 500));
        h.addGc(gc(2, 100));
        h.addGc(gc(3, 900));
        h.addGc(gc(4, 800));
        h.addGc(gc(5, 700)); // full: the older half (500, 100) merges into its floor, 100
        List<GcPoint> kept = h.gcPoints();
        assertEquals(List.of(100L, 900L, 800L, 700L), kept.stream().map(GcPoint::heapUsedAfter).toList());
        assertEquals(700, h.lastLiveAfterGc());
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
