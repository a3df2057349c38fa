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
    void aG1YoungPauseThatFreesOnlyHumongousObjectsIsNoReclamation() {
        // recorded: ECJ on JDK 25, -Xmx1g, 1 MB regions ("Old regions: a->b, Humongous regions: c->d"):
        // each pause freed most humongous regions, the old regions only grew or held
        History h = new History(10, 8);
        long mb = 1L << 20;
        long[][] pauses = {{2, 2, 0, 0}, {2, 3, 0, 0}, {3, 22, 23, 1}, {22, 48, 25, 1}, {48, 69, 29, 2}, {69, 83, 70, 1},
                {83, 83, 53, 2}};
        for (int i = 0; i < pauses.length; i++) {
            long[] p = pauses[i];
            h.addGc(new GcPoint(i * 2000L, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 50,
                    (p[0] + p[2] + 100) * mb, (p[1] + p[3] + 10) * mb, 1024 * mb, (p[1] + p[3]) * mb, false));
        }
        assertEquals(0, h.gcPoints().stream().filter(GcPoint::oldCollected).count(), h.gcPoints().toString());
        // a mixed pause ends below the previous collection's old generation
        h.addGc(new GcPoint(20_000L, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 50,
                200 * mb, 70 * mb, 1024 * mb, 60 * mb, false));
        assertTrue(h.gcPoints().get(h.gcPoints().size() - 1).oldCollected());
    }

    @Test
    void aLargeOldGenerationMustShrinkByOnePercent() {
        // recorded: ECJ on JDK 17, -Xmx1g: two pauses 30 ms apart, the old generation 1 MB
        // smaller after the second at about 490 MB; no collection of promoted garbage
        long mb = 1L << 20;
        History h = new History(10, 8);
        h.addGc(new GcPoint(21_868, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 40,
                900 * mb, 494 * mb, 1024 * mb, 490 * mb, false));
        h.addGc(new GcPoint(21_898, "G1 Young Generation", "end of minor GC", "G1 Humongous Allocation", 20,
                500 * mb, 493 * mb, 1024 * mb, 489 * mb, false));
        h.addGc(new GcPoint(23_000, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 40,
                900 * mb, 483 * mb, 1024 * mb, 479 * mb, false));
        assertEquals(List.of(false, false, true), h.gcPoints().stream().map(GcPoint::oldCollected).toList(),
                "1 MB of 490 is noise; 10 MB is a reclamation");
        assertTrue(GcPoint.oldReclaimed(20 * mb, 19 * mb), "in a small old generation 1 MB still counts");
    }

    @Test
    void aPolledPointStandsForTheCollectionsItSummarises() {
        History h = new History(10, 8);
        h.addPolledGc(gc(1_000, 500), 3);
        h.addPolledGc(gc(2_000, 400), 1);
        assertEquals(4, h.gcCyclesSeen(), "two unseen collections are counted");
        assertEquals(List.of(1_000L, 2_000L), h.gcPoints().stream().map(GcPoint::uptimeMillis).toList());
        assertEquals(400, h.lastLiveAfterGc());
    }

    @Test
    void aPolledPointOlderThanANotifiedOneIsCountedNotKept() {
        // the sampler reads the young collector's last pause after a full GC's notification
        // that came later in time: keeping it would make the full GC its "previous collection"
        long mb = 1L << 20;
        History h = new History(10, 8);
        h.addGc(new GcPoint(5_000, "G1 Old Generation", "end of major GC", "System.gc()", 30,
                300 * mb, 100 * mb, 400 * mb, 90 * mb, true));
        h.addPolledGc(new GcPoint(4_990, "G1 Young Generation", "end of minor GC", "(polled)", 5,
                320 * mb, 290 * mb, 400 * mb, 280 * mb, false), 2);
        assertEquals(3, h.gcCyclesSeen());
        assertEquals(List.of(5_000L), h.gcPoints().stream().map(GcPoint::uptimeMillis).toList());
        assertEquals(100 * mb, h.lastLiveAfterGc(), "the full GC's heap stays the latest live estimate");
        h.addPolledGc(new GcPoint(6_000, "G1 Young Generation", "end of minor GC", "(polled)", 5,
                150 * mb, 95 * mb, 400 * mb, 90 * mb, false), 1);
        assertEquals(List.of(true, false), h.gcPoints().stream().map(GcPoint::oldCollected).toList(),
                "a later young pause is kept, and compared with the full GC before it");
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
