package io.memdiag.core.model;

import java.util.Map;

/**
 * Everything the sampler reads in one tick. Bytes throughout; -1 where unknown.
 *
 * @param epochMillis       wall clock time of the sample
 * @param uptimeMillis      JVM uptime of the sample
 * @param heapUsed          MemoryMXBean heap used (includes garbage not yet collected)
 * @param heapCommitted     heap the JVM has reserved from the OS and may touch
 * @param heapMax           -Xmx, or -1
 * @param liveAfterGc       heap used after the most recent GC, or -1 before the first GC
 * @param nonHeapCommitted  sum of committed non-heap pools (Metaspace, class space, code heaps)
 * @param nonHeapPools      committed bytes per non-heap pool name
 * @param directBuffers     bytes of direct ByteBuffers (BufferPoolMXBean "direct")
 * @param mappedBuffers     bytes of mapped ByteBuffers (BufferPoolMXBean "mapped")
 * @param threads           live thread count
 * @param process           RSS and its split
 * @param openFds           entries in /proc/self/fd, or -1
 * @param fdLimit           soft RLIMIT_NOFILE, or -1
 * @param cgroup            the memory cgroup, or null when not in a limited or readable one
 */
public record MemorySample(
        long epochMillis,
        long uptimeMillis,
        long heapUsed,
        long heapCommitted,
        long heapMax,
        long liveAfterGc,
        long nonHeapCommitted,
        Map<String, Long> nonHeapPools,
        long directBuffers,
        long mappedBuffers,
        int threads,
        ProcessMemory process,
        long openFds,
        long fdLimit,
        CgroupMemory cgroup) {

    /** The same sample without {@link #nonHeapPools()} (their total stays), for history. */
    public MemorySample withoutPoolBreakdown() {
        if (nonHeapPools.isEmpty()) {
            return this;
        }
        return new MemorySample(epochMillis, uptimeMillis, heapUsed, heapCommitted, heapMax, liveAfterGc, nonHeapCommitted,
                Map.of(), directBuffers, mappedBuffers, threads, process, openFds, fdLimit, cgroup);
    }
}
