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

/**
 * Real collections of the JVM running the tests (G1 by default on both JDKs). The poller reads
 * them on JDK 17 too, where the agent itself listens instead ({@link GcPoller#pollsEveryCollector}).
 */
class GcPollerTest {

    private static volatile Object sink;

    private static final Set<String> G1_JDK25 = Set.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation");
    private static final Set<String> G1_JDK17 = Set.of("G1 Young Generation", "G1 Old Generation");

    @Test
    void everyCollectorIsPolledExceptG1WithoutItsConcurrentBean() {
        assertTrue(GcPoller.pollsEveryCollector(G1_JDK25));
        assertFalse(GcPoller.pollsEveryCollector(G1_JDK17),
                "without the concurrent cycle's end, G1's mixed collections need every young pause");
        assertTrue(GcPoller.pollsEveryCollector(Set.of("PS Scavenge", "PS MarkSweep")));
        assertTrue(GcPoller.pollsEveryCollector(Set.of("Copy", "MarkSweepCompact")));
        assertTrue(GcPoller.pollsEveryCollector(Set.of("ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles", "ZGC Major Pauses")));
        assertTrue(GcPoller.pollsEveryCollector(Set.of()), "no names: the poller finds the beans itself, or says why not");
    }

    @Test
    void aPolledPointSaysWhatTheNotificationWouldHave() {
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
        GcPoller poller = new GcPoller();
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
        assertEquals(young.getName(), points.get(points.size() - 1).gcName(), "the young ones came after: " + points);
    }

    private static GarbageCollectorMXBean youngBean() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(b -> GcPoller.actionOf(b.getName()).equals("end of minor GC")).findFirst().orElseThrow();
    }

    @Test
    void youngCollectionsArriveAsTheLatestPointAndACount() {
        GcPoller poller = new GcPoller();
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
        assertFalse(p.oldCollected(), "a young pause is never marked here; the history decides");

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
