package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JVM's own view of its memory: heap, non-heap pools, NIO buffer pools, threads.
 *
 * <p>Never throws. MXBeans can fail in ways the API allows (a pool turning invalid between
 * {@code isValid()} and {@code getUsage()} returns null; some JDK builds threw
 * IllegalArgumentException for a heap whose committed briefly exceeded max): such a value is
 * unknown (-1) and the first failure of each kind becomes a note.
 */
public final class JvmMemoryReader {

    /** What {@link #heap()} returns when the bean fails: MemoryUsage cannot hold -1 for used. */
    public static final MemoryUsage UNKNOWN_HEAP = new MemoryUsage(-1, 0, 0, -1);

    /** The beans a sample reads, through a {@link CompileBoundary}. */
    private final Supplier<?>[] beans = {this::heap, this::nonHeapCommitted, () -> bufferPoolUsed("direct"),
            () -> bufferPoolUsed("mapped"), this::liveThreads};
    private static final int HEAP = 0;
    private static final int NON_HEAP = 1;
    private static final int DIRECT = 2;
    private static final int MAPPED = 3;
    private static final int THREADS = 4;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> nonHeapPools = nonHeapPools();
    private final List<BufferPoolMXBean> bufferPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Set<String> notedKinds = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    private static List<MemoryPoolMXBean> nonHeapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.NON_HEAP) {
                pools.add(p);
            }
        }
        return List.copyOf(pools);
    }

    /** Heap as MemoryMXBean reports it (used includes garbage not yet collected); {@link #UNKNOWN_HEAP} on failure. */
    public MemoryUsage heap() {
        try {
            return memory.getHeapMemoryUsage();
        } catch (RuntimeException e) {
            note("heap usage", e);
            return UNKNOWN_HEAP;
        }
    }

    /** Committed bytes per valid non-heap pool (Metaspace, Compressed Class Space, CodeHeap ...). */
    public Map<String, Long> nonHeapCommitted() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (MemoryPoolMXBean p : nonHeapPools) {
            try {
                MemoryUsage usage = p.isValid() ? p.getUsage() : null;
                if (usage != null) {
                    m.put(p.getName(), usage.getCommitted());
                }
            } catch (RuntimeException e) {
                note("non-heap pool " + p.getName(), e);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The sum of {@link #nonHeapCommitted()}'s values. */
    public static long total(Map<String, Long> pools) {
        long sum = 0;
        for (long v : pools.values()) {
            sum += v;
        }
        return sum;
    }

    /** Memory used by the "direct" or "mapped" buffer pool, or -1 when the JVM has none. */
    public long bufferPoolUsed(String name) {
        for (BufferPoolMXBean b : bufferPools) {
            if (b.getName().equals(name)) {
                try {
                    return b.getMemoryUsed();
                } catch (RuntimeException e) {
                    note("buffer pool " + name, e);
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Live threads, daemon or not; -1 when the bean fails. */
    public int liveThreads() {
        try {
            return threads.getThreadCount();
        } catch (RuntimeException e) {
            note("thread count", e);
            return -1;
        }
    }

    /**
     * One full sample: the JVM figures read now, the rest as given.
     *
     * @param liveAfterGc heap used after the most recent GC, or -1 before the first
     * @param process     from {@link ProcFiles#processMemory(boolean)}
     * @param openFds     from {@link ProcFiles#openFds()}
     * @param fdLimit     from {@link ProcFiles#fdSoftLimit()}
     * @param cgroup      from {@link CgroupReader#read()}, or null
     */
    public MemorySample sample(long epochMillis, long uptimeMillis, long liveAfterGc, ProcessMemory process,
                               long openFds, long fdLimit, CgroupMemory cgroup) {
        Object[] read = CompileBoundary.getEach(beans);
        MemoryUsage heap = (MemoryUsage) read[HEAP];
        boolean heapKnown = heap != UNKNOWN_HEAP;
        @SuppressWarnings("unchecked")
        Map<String, Long> nonHeap = (Map<String, Long>) read[NON_HEAP];
        return new MemorySample(epochMillis, uptimeMillis,
                heapKnown ? heap.getUsed() : -1, heapKnown ? heap.getCommitted() : -1, heapKnown ? heap.getMax() : -1,
                liveAfterGc, total(nonHeap), nonHeap, (Long) read[DIRECT], (Long) read[MAPPED],
                (Integer) read[THREADS], process, openFds, fdLimit, cgroup);
    }

    private synchronized void note(String what, RuntimeException e) {
        if (notedKinds.add(what)) {
            notes.add("cannot read " + what + " from its MXBean: " + e);
        }
    }

    /** The first failure of each kind. */
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
