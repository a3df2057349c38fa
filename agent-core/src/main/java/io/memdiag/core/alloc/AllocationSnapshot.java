package io.memdiag.core.alloc;

import java.util.List;

/**
 * Allocation profiling at one moment: the busiest sites by allocated bytes and by live bytes,
 * and what the bounded tables had to forget.
 *
 * @param rate            mean bytes between samples as configured ({@code alloc.rate})
 * @param effectiveRate   the mean now; above {@code rate} while the throttle holds it up
 * @param maxPerSecond    the throttle's ceiling on samples per second
 * @param samples         samples taken since start
 * @param throttled       samples beyond four times the ceiling in a second: counted in allocated bytes, without stack or liveness
 * @param sitesKnown      allocation instructions instrumented
 * @param sitesRefused    instructions left uninstrumented because the site table was full
 * @param siteCapacity    the site table's cap
 * @param liveCapacity    sampled objects held at most
 * @param liveHeld        sampled objects held now
 * @param evicted         live samples pushed out of the full table
 * @param notFollowed     samples too large to follow for liveness (G1 humongous objects: a weak
 *                        reference would stop G1 reclaiming them at young collections)
 * @param stacksDropped   samples that kept no stack because the stack table was full
 * @param byAllocated     sites by estimated allocated bytes, most first
 * @param byLive          sites by estimated live bytes, most first
 */
public record AllocationSnapshot(long rate, long effectiveRate, int maxPerSecond, long samples, long throttled,
                                 int sitesKnown, long sitesRefused, int siteCapacity, int liveCapacity, int liveHeld,
                                 long evicted, long notFollowed, long stacksDropped, List<SiteStats> byAllocated, List<SiteStats> byLive) {

    /**
     * One site's figures; estimates are samples times their weights.
     *
     * @param site             where and what
     * @param allocatedBytes   estimated bytes allocated since start
     * @param allocatedObjects estimated objects allocated since start
     * @param samples          samples taken at this site
     * @param liveBytes        estimated bytes of the site's sampled objects not collected yet
     * @param liveObjects      estimated objects not collected yet
     * @param liveSeries       after each observed GC, oldest first: uptime millis, live bytes, and the bytes
     *                         still live now of the samples taken up to that point (its survivors)
     * @param stacks           the site's most frequent stacks (outward from the site), most bytes first
     * @param threads          for each of {@code stacks}, the thread that took it first
     */
    public record SiteStats(AllocationSite site, long allocatedBytes, long allocatedObjects, long samples,
                            long liveBytes, long liveObjects, long[][] liveSeries, List<List<String>> stacks,
                            List<String> threads) {

        /** Live bytes at or just after {@code uptimeMillis}, or the first point when all are later; -1 when none. */
        public long liveAt(long uptimeMillis) {
            long[] t = liveSeries[0];
            for (int i = 0; i < t.length; i++) {
                if (t[i] >= uptimeMillis) {
                    return liveSeries[1][i];
                }
            }
            return t.length == 0 ? -1 : liveSeries[1][t.length - 1];
        }
    }
}
