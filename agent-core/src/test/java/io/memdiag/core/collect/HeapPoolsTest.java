package io.memdiag.core.collect;

import io.memdiag.core.model.GcPoint;
import org.junit.jupiter.api.Test;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic on pool maps shaped like the ones JDK 17 and 25 send. */
class HeapPoolsTest {

    private static final long MB = 1024 * 1024;
    private static final HeapPools G1 = new HeapPools(Set.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen"));

    private static MemoryUsage used(long usedMb, long committedMb) {
        return new MemoryUsage(0, usedMb * MB, committedMb * MB, -1);
    }

    private static Map<String, MemoryUsage> g1(long eden, long survivor, long old) {
        return Map.of("G1 Eden Space", used(eden, 100), "G1 Survivor Space", used(survivor, 10),
                "G1 Old Gen", used(old, 200), "Metaspace", used(50, 60));
    }

    @Test
    void sumsHeapPoolsOnlyAndReportsTheOldGeneration() {
        GcPoint p = G1.pointOf("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 1234, 5,
                g1(80, 5, 100), g1(0, 8, 104));
        assertEquals(185 * MB, p.heapUsedBefore(), "Metaspace is not heap");
        assertEquals(112 * MB, p.heapUsedAfter());
        assertEquals(310 * MB, p.heapCommittedAfter());
        assertEquals(104 * MB, p.oldUsedAfter());
        assertEquals(1234, p.uptimeMillis());
        assertFalse(p.oldCollected(), "a young collection only promotes");
    }

    @Test
    void aG1YoungPauseIsNeverMarkedFromItsOwnPoolsAlone() {
        // recorded: ECJ on JDK 25, -Xmx1g (1 MB regions), a normal young pause: old regions
        // 3 -> 22, humongous regions 23 -> 1. The old pool shrank by 3 MB, all of it dead
        // humongous arrays; the garbage promoted into it stayed (History compares collections)
        GcPoint humongousReclaim = G1.pointOf("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 4530, 60,
                g1(96, 3, 3 + 23), g1(0, 8, 22 + 1));
        assertFalse(humongousReclaim.oldCollected(), humongousReclaim.toString());
    }

    @Test
    void otherCollectorsAreMarkedWhenTheOldGenerationShrinksInOneCycle() {
        HeapPools shenandoah = new HeapPools(Set.of("Shenandoah Young Gen", "Shenandoah Old Gen"));
        GcPoint global = shenandoah.pointOf("Shenandoah Cycles", "end of GC cycle", "Allocation Failure", 1, 5,
                Map.of("Shenandoah Young Gen", used(80, 100), "Shenandoah Old Gen", used(150, 200)),
                Map.of("Shenandoah Young Gen", used(10, 100), "Shenandoah Old Gen", used(120, 200)));
        assertTrue(global.oldCollected(), global.toString());
        GcPoint tiny = shenandoah.pointOf("Shenandoah Cycles", "end of GC cycle", "Allocation Failure", 1, 5,
                Map.of("Shenandoah Old Gen", used(150, 200)),
                Map.of("Shenandoah Old Gen", new MemoryUsage(0, 150 * MB - 1000, 200 * MB, -1)));
        assertFalse(tiny.oldCollected(), "less than OLD_DROP_MIN_BYTES is noise");
    }

    @Test
    void singleGenerationHeapsAreTheirOwnOldGeneration() {
        HeapPools zgc17 = new HeapPools(Set.of("ZHeap"));
        GcPoint cycle = zgc17.pointOf("ZGC Cycles", "end of GC cycle", "Allocation Rate", 1, 30,
                Map.of("ZHeap", used(300, 512)), Map.of("ZHeap", used(120, 512)));
        assertEquals(120 * MB, cycle.oldUsedAfter());
        assertTrue(cycle.oldCollected());
        GcPoint pause = zgc17.pointOf("ZGC Pauses", "end of GC pause", "Allocation Rate", 1, 0,
                Map.of("ZHeap", used(300, 512)), Map.of("ZHeap", used(301, 512)));
        assertFalse(pause.oldCollected(), "a pause is a step inside a cycle");
    }

    @Test
    void beanNamesThatReportOldCollections() {
        assertTrue(G1.reportedAsOldCollection("G1 Old Generation", "end of major GC"));
        assertTrue(G1.reportedAsOldCollection("G1 Concurrent GC", "end of concurrent GC pause"));
        assertTrue(G1.reportedAsOldCollection("PS MarkSweep", "end of major GC"));
        assertTrue(G1.reportedAsOldCollection("MarkSweepCompact", "end of major GC"));
        assertTrue(G1.reportedAsOldCollection("ZGC Major Cycles", "end of GC cycle"));
        assertTrue(G1.reportedAsOldCollection("Shenandoah Cycles", "end of GC cycle"));
        assertFalse(G1.reportedAsOldCollection("G1 Young Generation", "end of minor GC"));
        assertFalse(G1.reportedAsOldCollection("PS Scavenge", "end of minor GC"));
        assertFalse(G1.reportedAsOldCollection("ZGC Minor Cycles", "end of GC cycle"));
        assertFalse(G1.reportedAsOldCollection("ZGC Major Pauses", "end of GC pause"));
        assertFalse(G1.reportedAsOldCollection("Shenandoah Pauses", "Final Mark"));
        HeapPools generationalShenandoah = new HeapPools(Set.of("Shenandoah Young Gen", "Shenandoah Old Gen"));
        assertFalse(generationalShenandoah.reportedAsOldCollection("Shenandoah Cycles", "end of GC cycle"),
                "young and global cycles share the name: only a shrinking old generation tells");
    }

    @Test
    void oldPoolNames() {
        for (String old : new String[] {"G1 Old Gen", "PS Old Gen", "Tenured Gen", "ZGC Old Generation", "ZHeap",
                "Shenandoah", "Shenandoah Old Gen"}) {
            assertTrue(HeapPools.isOldPool(old), old);
        }
        for (String young : new String[] {"G1 Eden Space", "PS Survivor Space", "Eden Space", "ZGC Young Generation",
                "Shenandoah Young Gen"}) {
            assertFalse(HeapPools.isOldPool(young), young);
        }
    }

    @Test
    void noOldPoolGivesMinusOne() {
        GcPoint p = new HeapPools(Set.of("Epsilon Heap")).pointOf("x", "end of minor GC", "y", 1, 1,
                Map.of("Epsilon Heap", used(10, 20)), Map.of("Epsilon Heap", used(5, 20)));
        assertEquals(-1, p.oldUsedAfter());
        assertEquals(5 * MB, p.heapUsedAfter());
    }
}
