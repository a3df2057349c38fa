package io.memdiag.core.collect;

import io.memdiag.core.model.GcPoint;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real collections of the JVM running the tests (G1 by default on both JDKs). */
class GcPollerTest {

    private static volatile Object sink;

    private static final Set<String> G1_JDK25 = Set.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation");
    private static final Set<String> G1_JDK17 = Set.of("G1 Young Generation", "G1 Old Generation");

    @Test
    void mixedCollectionsAreWatchedOnlyWhereG1HasNoConcurrentBean() {
        assertFalse(MixedCollections.needed(G1_JDK25), "JDK 20+: the pause after the concurrent cycle's end marks them");
        assertTrue(MixedCollections.needed(G1_JDK17));
        assertFalse(MixedCollections.needed(Set.of("PS Scavenge", "PS MarkSweep")));
        assertFalse(MixedCollections.needed(Set.of()));
    }

    @Test
    void theOldGenerationsCollectionUsageMovesWithAFullCollectionOnly() {
        MixedCollections mixed = MixedCollections.ofThisJvm(t -> { throw new AssertionError(t); });
        mixed.oldAfterCollectionSinceLastCall();
        GarbageCollectorMXBean young = youngBean();
        long before = young.getCollectionCount();
        for (int i = 0; young.getCollectionCount() < before + 2 && i < 100_000; i++) {
            sink = new byte[64 * 1024]; // garbage: young-only pauses
        }
        assertEquals(-1, mixed.oldAfterCollectionSinceLastCall(), "young-only pauses leave the old generation's collection usage");
        sink = new byte[1 << 20];
        System.gc();
        long oldAfterFull = mixed.oldAfterCollectionSinceLastCall();
        assertTrue(oldAfterFull >= 0, "a full collection sets it");
        assertEquals(-1, mixed.oldAfterCollectionSinceLastCall(), "once per change");
    }

    @Test
    void aPolledPointNamesItsKindOfCollection() {
        // HeapPools.reportedAsOldCollection reads "major" for Parallel's and Serial's full collections
        for (String full : List.of("G1 Old Generation", "PS MarkSweep", "MarkSweepCompact")) {
            assertEquals("end of major GC", GcPoller.actionOf(full), full);
        }
        for (String young : List.of("G1 Young Generation", "PS Scavenge", "Copy", "Some Future Collector")) {
            assertEquals("end of minor GC", GcPoller.actionOf(young), young);
        }
        assertEquals("end of concurrent GC pause", GcPoller.actionOf("G1 Concurrent GC"));
        assertEquals("end of GC cycle", GcPoller.actionOf("ZGC Major Cycles"));
        assertEquals("end of GC pause", GcPoller.actionOf("Shenandoah Pauses"));
    }

    @Test
    void aFullCollectionBeforeYoungOnesArrivesFirst() {
        Set<String> collectors = Set.copyOf(JvmFactsReader.gcNames());
        GcPoller poller = new GcPoller(collectors);
        GarbageCollectorMXBean young = youngBean();
        List<GcPoint> points = new ArrayList<>();
        poller.poll((p, n) -> { });

        System.gc(); // a full collection, then young ones: the beans list the young collector first
        long before = young.getCollectionCount();
        for (int i = 0; young.getCollectionCount() < before + 2 && i < 100_000; i++) {
            sink = new byte[64 * 1024];
        }
        poller.poll((p, n) -> points.add(p));

        assertTrue(points.size() >= 2, points.toString());
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i - 1).uptimeMillis() <= points.get(i).uptimeMillis(), "in the order they ended: " + points);
        }
        GcPoint full = points.stream().filter(p -> p.action().equals("end of major GC")).findFirst().orElseThrow();
        assertTrue(full.oldCollected(), full.toString());
        GcPoint last = points.get(points.size() - 1);
        assertEquals(young.getName(), last.gcName(), "the young ones came after: " + points);
        // G1 before JDK 20: the full collection moved the old generation's collection usage, as a
        // mixed collection would, and explains it (the same old generation after it): no mixed
        // collection is made up, and the young pauses after it are left to the history
        assertFalse(last.oldCollected(), last.toString());
        assertEquals(1, points.stream().filter(GcPoint::oldCollected).count(), "only the full collection is marked: " + points);
    }

    @Test
    void aMixedCollectionBeforeTheLatestPauseIsRebuiltFromItsOldGeneration() {
        // the latest pause: 40 MB old (promoted since the mixed one), 3 MB survivor, eden empty
        GcPoint latest = new GcPoint(10_000, "G1 Young Generation", "end of minor GC", "c", 4, 90 << 20, 43 << 20,
                128 << 20, 40 << 20, false);
        GcPoint mixed = GcPoller.mixedBefore(latest, 30 << 20, 9_990);
        assertEquals(33 << 20, mixed.heapUsedAfter(), "the old generation the mixed pause left, and the latest young generation");
        assertEquals(30 << 20, mixed.oldUsedAfter());
        assertTrue(mixed.oldCollected(), mixed.toString());
        assertTrue(mixed.uptimeMillis() < 9_990, "ended before the latest began: " + mixed);
        assertEquals(latest.gcName(), mixed.gcName());
    }

    private static GarbageCollectorMXBean youngBean() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(b -> GcPoller.actionOf(b.getName()).equals("end of minor GC")).findFirst().orElseThrow();
    }

    @Test
    void youngCollectionsArriveAsTheLatestPointAndACount() {
        Set<String> collectors = Set.copyOf(JvmFactsReader.gcNames());
        GcPoller poller = new GcPoller(collectors);
        GarbageCollectorMXBean young = youngBean();
        assertEquals(ManagementFactory.getGarbageCollectorMXBeans().size(), poller.polledCollectors());
        List<GcPoint> points = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        GcPoller.Sink collect = (p, n) -> {
            points.add(p);
            counts.add(n);
        };
        poller.poll(collect);
        points.clear();
        counts.clear();

        long before = young.getCollectionCount();
        for (int i = 0; young.getCollectionCount() < before + 3 && i < 100_000; i++) {
            sink = new byte[64 * 1024]; // garbage until three young collections have happened
        }
        long after = young.getCollectionCount();
        assertTrue(after >= before + 3, "young collections happened: " + before + " -> " + after);
        poller.poll(collect);

        GcPoint p = points.stream().filter(x -> x.gcName().equals(young.getName())).findFirst().orElseThrow();
        long counted = 0;
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).gcName().equals(young.getName())) {
                counted += counts.get(i);
            }
        }
        assertTrue(counted >= after - before, "every collection is counted: " + counted + " of " + (after - before));
        assertEquals("end of minor GC", p.action());
        assertTrue(p.heapUsedAfter() > 0 && p.heapUsedAfter() <= p.heapCommittedAfter(), p.toString());
        assertTrue(p.heapUsedBefore() > p.heapUsedAfter(), "a young collection frees the garbage: " + p);
        assertTrue(p.uptimeMillis() > 0 && p.uptimeMillis() <= ManagementFactory.getRuntimeMXBean().getUptime(), p.toString());
        if (!MixedCollections.needed(collectors)) {
            assertFalse(p.oldCollected(), "a young pause is never marked here; the history decides");
        }

        points.clear();
        poller.poll(collect);
        long moreYoung = points.stream().filter(x -> x.gcName().equals(young.getName())).count();
        assertTrue(moreYoung <= 1, "a poll brings at most one point per collector: " + points);
        assertNull(poller.firstFailure());

        poller.close();
        assertEquals(0, poller.polledCollectors());
        sink = new byte[1 << 20];
        points.clear();
        System.gc();
        poller.poll(collect);
        assertEquals(List.of(), points, "nothing after close()");
    }
}
