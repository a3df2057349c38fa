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

    /**
     * RSS less the committed heap: metaspace, code cache, thread stacks, buffers, GC structures,
     * malloc. -1 when unknown, which includes RSS below the committed heap: a heap committed up
     * front ({@code -Xms}) and not touched yet is not resident, and the difference says nothing
     * about the rest (recorded: ECJ with -Xms1g at 5 s, RSS 342 MB, reported as "0 B outside the heap").
     */
    public long outsideHeap() {
        long rss = process.rss();
        return rss >= 0 && heapCommitted >= 0 && rss >= heapCommitted ? rss - heapCommitted : -1;
    }
}
