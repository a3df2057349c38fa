package io.memdiag.core.collect;

import io.memdiag.core.analysis.JvmFacts;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmCollectorsTest {

    @Test
    void jvmMemoryReaderSeesPoolsBuffersAndThreads() {
        JvmMemoryReader r = new JvmMemoryReader();
        assertTrue(r.heap().getCommitted() >= r.heap().getUsed());
        assertTrue(r.nonHeapCommitted().containsKey("Metaspace"), r.nonHeapCommitted().toString());
        long before = r.bufferPoolUsed("direct");
        ByteBuffer held = ByteBuffer.allocateDirect(4 * 1024 * 1024);
        assertTrue(r.bufferPoolUsed("direct") >= before + 4 * 1024 * 1024);
        assertEquals(4 * 1024 * 1024, held.capacity());
        assertTrue(r.liveThreads() >= 1);
    }

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
