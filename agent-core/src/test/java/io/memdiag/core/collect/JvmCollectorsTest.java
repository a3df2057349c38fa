package io.memdiag.core.collect;

import io.memdiag.core.analysis.JvmFacts;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmCollectorsTest {

    @Test
    void jvmFactsComeFromTheRunningJvm() {
        JvmFacts f = JvmFactsReader.read(Paths.get("/"));
        assertEquals(Runtime.version().feature(), f.featureVersion());
        assertEquals(Runtime.getRuntime().maxMemory() > 0, f.maxHeap() > 0);
        assertTrue(f.hasFlag("MaxHeapFreeRatio"), f.vmFlags().toString());
        assertFalse(f.hasFlag("NoSuchFlagInAnyJvm"));
        assertTrue(f.vmFlags().containsKey(JvmFacts.INITIAL_HEAP_ORIGIN));
        assertFalse(f.gcNames().isEmpty());
        assertTrue(f.collector() != JvmFacts.Collector.UNKNOWN, f.gcNames().toString());
    }

    @Test
    void collectorFromBeanNames() {
        assertEquals(JvmFacts.Collector.G1, JvmFactsReader.collector(List.of("G1 Young Generation", "G1 Concurrent GC")));
        assertEquals(JvmFacts.Collector.PARALLEL, JvmFactsReader.collector(List.of("PS Scavenge", "PS MarkSweep")));
        assertEquals(JvmFacts.Collector.SERIAL, JvmFactsReader.collector(List.of("Copy", "MarkSweepCompact")));
        assertEquals(JvmFacts.Collector.ZGC, JvmFactsReader.collector(List.of("ZGC Minor Cycles", "ZGC Major Cycles")));
        assertEquals(JvmFacts.Collector.SHENANDOAH, JvmFactsReader.collector(List.of("Shenandoah Cycles")));
    }
}
