package io.memdiag.core.collect;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JVM's own view of its memory: heap, non-heap pools, NIO buffer pools, threads. */
public final class JvmMemoryReader {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> nonHeapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.NON_HEAP).toList();
    private final List<BufferPoolMXBean> bufferPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Heap as MemoryMXBean reports it: used includes garbage not yet collected. */
    public MemoryUsage heap() {
        return memory.getHeapMemoryUsage();
    }

    /** Committed bytes per valid non-heap pool (Metaspace, Compressed Class Space, CodeHeap ...). */
    public Map<String, Long> nonHeapCommitted() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (MemoryPoolMXBean p : nonHeapPools) {
            if (p.isValid()) {
                m.put(p.getName(), p.getUsage().getCommitted());
            }
        }
        return m;
    }

    /** Memory used by the "direct" or "mapped" buffer pool, or -1 when the JVM has none. */
    public long bufferPoolUsed(String name) {
        for (BufferPoolMXBean b : bufferPools) {
            if (b.getName().equals(name)) {
                return b.getMemoryUsed();
            }
        }
        return -1;
    }

    public int liveThreads() {
        return threads.getThreadCount();
    }
}
