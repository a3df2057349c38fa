package io.memdiag.core.model;

/**
 * One garbage collection as read from its collector's bean: the heap
 * after it is the best estimate of live data the JVM offers without a heap dump (Go's
 * {@code HeapAlloc} after GC).
 *
 * @param uptimeMillis       JVM uptime at the end of the collection
 * @param gcName             collector bean name, e.g. "G1 Young Generation"
 * @param action             e.g. "end of minor GC", "end of major GC"
 * @param cause              e.g. "G1 Evacuation Pause", "System.gc()"
 * @param durationMillis     duration as reported
 * @param heapUsedBefore     sum of heap pools before
 * @param heapUsedAfter      sum of heap pools after: the live-after-GC estimate
 * @param heapCommittedAfter sum of heap pools' committed after
 * @param oldUsedAfter       old/tenured pool after (-1 where the collector has no old pool)
 * @param oldCollected       true when the old generation was reclaimed: reported so by the
 *                           collector (full, major, a whole-heap cycle), or, once in the
 *                           history, inferred from the old generation shrinking or a G1
 *                           concurrent cycle ending just before
 */
public record GcPoint(
        long uptimeMillis,
        String gcName,
        String action,
        String cause,
        long durationMillis,
        long heapUsedBefore,
        long heapUsedAfter,
        long heapCommittedAfter,
        long oldUsedAfter,
        boolean oldCollected) {

    /** The least drop of the old generation that counts as reclaimed, however small the old generation ({@link #oldReclaimed}). */
    public static final long OLD_DROP_MIN_BYTES = 1024 * 1024;

    /**
     * Whether an old generation that went from {@code before} to {@code after} was reclaimed:
     * by {@link #OLD_DROP_MIN_BYTES} and by 1 % of itself. In a large old generation a
     * megabyte or two is a humongous object that died, not a collection of the garbage promoted
     * there (recorded: ECJ on JDK 17 with -Xmx1g, 1.0 MB less old generation 30 ms after the
     * previous pause, at 490 MB, counted as the second reclamation of a rise that was all
     * promoted garbage).
     */
    public static boolean oldReclaimed(long before, long after) {
        return before - after >= Math.max(OLD_DROP_MIN_BYTES, before / 100);
    }

    public GcPoint withOldCollected(boolean collected) {
        return collected == oldCollected ? this : new GcPoint(uptimeMillis, gcName, action, cause, durationMillis,
                heapUsedBefore, heapUsedAfter, heapCommittedAfter, oldUsedAfter, collected);
    }

    /** The bean JDK 20+ reports G1's concurrent cycle's pauses (Remark, Cleanup) under. */
    public static final String G1_CONCURRENT = "G1 Concurrent GC";

    /** A pause inside a G1 concurrent cycle (Remark, Cleanup: JDK 20+), which does not empty the young generation. */
    public boolean concurrentPhase() {
        return gcName.equals(G1_CONCURRENT);
    }

    /**
     * A pause of a concurrent collector ("ZGC Pauses", "ZGC Minor Pauses", "Shenandoah Pauses"):
     * a step inside a cycle, whose heap figures are not a floor; the matching "Cycles" bean
     * reports the cycle itself.
     */
    public boolean pauseOnly() {
        return gcName.endsWith(" Pauses");
    }
}
