package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmMemoryReaderTest {

    private static final int FOUR_MB = 4 * 1024 * 1024;

    private final JvmMemoryReader reader = new JvmMemoryReader();

    @Test
    void nonHeapPoolsAreTheNonHeapMxBeanPools() {
        Map<String, Long> pools = reader.nonHeapCommitted();
        assertTrue(pools.containsKey("Metaspace"), pools.toString());
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            assertEquals(p.getType() == MemoryType.NON_HEAP, pools.containsKey(p.getName()), p.getName());
        }
        assertTrue(pools.values().stream().allMatch(v -> v >= 0), pools.toString());
        assertEquals(pools.values().stream().mapToLong(Long::longValue).sum(), JvmMemoryReader.total(pools));
    }

    @Test
    void directBuffersAreCounted() {
        long before = reader.bufferPoolUsed("direct");
        ByteBuffer held = ByteBuffer.allocateDirect(FOUR_MB);
        assertTrue(reader.bufferPoolUsed("direct") >= before + FOUR_MB, before + " -> " + reader.bufferPoolUsed("direct"));
        assertEquals(FOUR_MB, held.capacity());
        assertTrue(reader.bufferPoolUsed("mapped") >= 0);
        assertEquals(-1, reader.bufferPoolUsed("no such pool"));
    }

    @Test
    void threadsAreLiveThreads() throws InterruptedException {
        int before = reader.liveThreads();
        Thread extra = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stop) {
                // done
            }
        });
        extra.start();
        try {
            assertTrue(reader.liveThreads() >= before + 1, before + " -> " + reader.liveThreads());
        } finally {
            extra.interrupt();
            extra.join();
        }
    }

    @Test
    void aSampleTakesTheGivenPartsAndReadsTheJvmNow() {
        ProcessMemory process = new ProcessMemory(100, 80, 20, 0, 0, 120, -1);
        CgroupMemory cgroup = new CgroupMemory(2, "/sys/fs/cgroup", 1 << 30, 1 << 29, 0);
        MemorySample s = reader.sample(1_700_000_000_000L, 5_000, 12_345, process, 42, 1024, cgroup);
        assertEquals(1_700_000_000_000L, s.epochMillis());
        assertEquals(5_000, s.uptimeMillis());
        assertEquals(12_345, s.liveAfterGc());
        assertSame(process, s.process());
        assertEquals(42, s.openFds());
        assertEquals(1024, s.fdLimit());
        assertSame(cgroup, s.cgroup());
        assertTrue(s.heapUsed() > 0 && s.heapCommitted() >= s.heapUsed(), s.toString());
        assertEquals(Runtime.getRuntime().maxMemory() > 0, s.heapMax() > 0);
        assertEquals(JvmMemoryReader.total(s.nonHeapPools()), s.nonHeapCommitted());
        assertTrue(s.directBuffers() >= 0 && s.threads() >= 1, s.toString());
        assertEquals(0, reader.notes().size(), reader.notes().toString());
    }
}
