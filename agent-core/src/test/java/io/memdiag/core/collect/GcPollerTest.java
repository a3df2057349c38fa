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

/** Real young collections of the JVM running the tests (G1 by default on both JDKs). */
class GcPollerTest {

    private static volatile Object sink;

    private static final Set<String> G1_JDK25 = Set.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation");
    private static final Set<String> G1_JDK17 = Set.of("G1 Young Generation", "G1 Old Generation");

    @Test
    void youngCollectorsArePolledAndTheRestNotified() {
        assertTrue(GcPoller.isPolled("G1 Young Generation", G1_JDK25));
        assertFalse(GcPoller.isPolled("G1 Young Generation", G1_JDK17),
                "without the concurrent cycle's notification, G1's mixed collections need every young pause");
        Set<String> any = Set.of();
        for (String young : List.of("PS Scavenge", "Copy", "ZGC Minor Cycles", "ZGC Pauses", "ZGC Minor Pauses",
                "Shenandoah Pauses")) {
            assertTrue(GcPoller.isPolled(young, any), young);
        }
        for (String old : List.of("G1 Old Generation", "G1 Concurrent GC", "PS MarkSweep", "MarkSweepCompact",
                "ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles", "Some Future Collector")) {
            assertFalse(GcPoller.isPolled(old, G1_JDK25), old + " keeps its notifications");
        }
    }

    @Test
    void youngCollectionsArriveAsTheLatestPointAndACount() {
        Set<String> collectors = Set.copyOf(JvmFactsReader.gcNames());
        GcPoller poller = new GcPoller(collectors);
        GarbageCollectorMXBean young = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(b -> GcPoller.isPolled(b.getName(), collectors)).findFirst().orElse(null);
        if (young == null) {
            // JDK 17 with G1 (the default): every collector is notified
            assertTrue(collectors.contains("G1 Young Generation") && !collectors.contains("G1 Concurrent GC"),
                    "only G1 before JDK 20 polls nothing: " + collectors);
            assertEquals(0, poller.polledCollectors());
            return;
        }
        assertTrue(poller.polledCollectors() >= 1);
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
