package io.memdiag.core.collect;

import io.memdiag.core.model.GcPoint;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The heap pools of this JVM and the arithmetic that turns a collection's before/after pool
 * usage into a {@link GcPoint}. Kept apart from the poller so the arithmetic can be tested
 * on constructed pool maps (a G1 mixed collection cannot be provoked on demand).
 *
 * <p>Which GC beans and actions mean "the old generation was collected", as seen on JDK 17 and 25:
 * <ul>
 *   <li>full and major collections: action "end of major GC" (Serial "MarkSweepCompact",
 *       Parallel "PS MarkSweep", G1 "G1 Old Generation");</li>
 *   <li>G1's concurrent cycle, JDK 20+: bean "G1 Concurrent GC", action "end of concurrent GC
 *       pause", one collection for Remark and one for Cleanup (they cannot be told apart);</li>
 *   <li>whole-heap concurrent cycles: "ZGC Cycles" (single-generation ZGC), "ZGC Major Cycles"
 *       (generational ZGC) and "Shenandoah Cycles", action "end of GC cycle". Their "Pauses"
 *       beans report steps inside a cycle, never a finished collection;</li>
 *   <li>G1 mixed collections report exactly like young ones ("G1 Young Generation",
 *       "end of minor GC"), and here the pool figures of one pause cannot tell them apart: G1
 *       counts humongous objects (half a region or more) in "G1 Old Gen" and frees the dead ones
 *       eagerly in every young pause. A program that allocates large arrays sees its old
 *       generation shrink at nearly every young pause (recorded: ECJ on JDK 25, humongous
 *       regions 94 to 1 while old regions stayed at 83), while the garbage it promoted stays.
 *       So for G1's young bean no point is marked here: {@link io.memdiag.core.history.History#addGc}
 *       marks the pause after the concurrent cycle's end, and the pause whose old generation
 *       ended below the previous collection's, which a mixed collection does and a humongous
 *       reclaim of objects allocated since does not; on JDK 19 and older, without a bean for
 *       the concurrent cycle, {@link MixedCollections} tells the poller. For
 *       every other collector an old generation smaller after than before (by
 *       {@link GcPoint#oldReclaimed}) shows that old space was reclaimed, which covers
 *       generational Shenandoah, whose young and global cycles share the "Shenandoah Cycles"
 *       name.</li>
 * </ul>
 */
final class HeapPools {

    /** G1's young collector, whose pauses include the mixed collections. */
    static final String G1_YOUNG = "G1 Young Generation";

    private final boolean generationalShenandoah;
    /**
     * The heap pools and which of them hold old objects, decided once. {@link #pointOf} looks
     * each up in the collection's maps rather than walking the maps and classifying every entry
     * by name: that version, run for every collection seen, became hot for C2 after about 27
     * minutes in a compilation of 10.7 MB of compiler memory (JDK 25, MemStat), which the C
     * library then keeps: the RSS step at minute 28 of the ninth session's JDK 25 runs.
     */
    private final String[] pools;
    private final boolean[] oldPools;

    HeapPools(Set<String> heapPoolNames) {
        this.generationalShenandoah = heapPoolNames.contains("Shenandoah Old Gen");
        this.pools = heapPoolNames.toArray(new String[0]);
        this.oldPools = new boolean[pools.length];
        for (int i = 0; i < pools.length; i++) {
            oldPools[i] = isOldPool(pools[i]);
        }
    }

    /**
     * Asks the MemoryPoolMXBeans once which pools are heap, whatever the collector calls them;
     * no pools, and the failure handed on, if the JVM will not say.
     */
    static HeapPools ofThisJvm(Consumer<Throwable> failure) {
        Set<String> names = new HashSet<>();
        try {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    names.add(pool.getName());
                }
            }
        } catch (RuntimeException e) {
            failure.accept(e);
            return new HeapPools(Set.of());
        }
        return new HeapPools(names);
    }

    /**
     * @param endUptimeMillis JVM uptime at the end of the collection (GcInfo#getEndTime)
     * @param before          pool usage before, by pool name (all pools: non-heap ones are skipped)
     * @param after           pool usage after, by pool name
     */
    GcPoint pointOf(String gcName, String action, String cause, long endUptimeMillis, long durationMillis,
                    Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {
        long usedBefore = 0;
        long usedAfter = 0;
        long committedAfter = 0;
        long oldBefore = -1;
        long oldAfter = -1;
        for (int i = 0; i < pools.length; i++) {
            MemoryUsage a = after.get(pools[i]);
            if (a == null) {
                continue;
            }
            MemoryUsage b = before.get(pools[i]);
            long poolBefore = b == null ? 0 : b.getUsed();
            usedBefore += poolBefore;
            usedAfter += a.getUsed();
            committedAfter += a.getCommitted();
            if (oldPools[i]) {
                oldBefore = Math.max(0, oldBefore) + poolBefore;
                oldAfter = Math.max(0, oldAfter) + a.getUsed();
            }
        }
        boolean oldShrank = oldBefore >= 0 && GcPoint.oldReclaimed(oldBefore, oldAfter)
                && !gcName.equals(G1_YOUNG); // humongous objects: see the class comment
        return new GcPoint(endUptimeMillis, gcName, action, cause, durationMillis, usedBefore, usedAfter,
                committedAfter, oldAfter, oldShrank || reportedAsOldCollection(gcName, action));
    }

    /**
     * The pool holding old objects: the old generation of generational collectors, or the whole
     * heap of single-generation ones (ZGC before generational mode, Shenandoah), where every
     * object is "old" and every cycle collects it.
     */
    static boolean isOldPool(String pool) {
        return pool.contains("Old Gen")               // "G1 Old Gen", "PS Old Gen", "Shenandoah Old Gen"
                || pool.equals("Tenured Gen")         // Serial
                || pool.equals("ZGC Old Generation")  // generational ZGC
                || pool.equals("ZHeap")               // single-generation ZGC, JDK 11-22
                || pool.equals("ZGC Heap")
                || pool.equals("Shenandoah");         // single-generation Shenandoah
    }

    /** What the collector's own naming says; G1 mixed collections need the old-pool test instead. */
    boolean reportedAsOldCollection(String gcName, String action) {
        return action.contains("major")
                || gcName.equals("G1 Old Generation")
                || gcName.equals(GcPoint.G1_CONCURRENT)
                || gcName.equals("ZGC Cycles")
                || gcName.equals("ZGC Major Cycles")
                || gcName.equals("Shenandoah Cycles") && !generationalShenandoah;
    }
}
