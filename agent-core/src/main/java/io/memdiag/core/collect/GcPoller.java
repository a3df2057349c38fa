package io.memdiag.core.collect;

import com.sun.management.GcInfo;
import io.memdiag.core.model.GcPoint;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the frequent collectors' latest collection once a sample, where the rare ones arrive
 * as GC notifications ({@link #isPolled} says which is which; G1's young collector is polled
 * on JDK 20 and later only).
 *
 * <p>Why not notifications for all: for every collection of a collector with a listener, the
 * JDK builds the collection's data as JMX open data (a {@code CompositeDataSupport} holding a
 * {@code TabularData} of the pools before and after, each checked against its open type),
 * which the listener then parses back. A service doing a few young collections a second keeps
 * the JIT compiling that code: on JDK 25, C2 compilations of 5 to 7 MB of compiler memory each,
 * which the C library keeps once freed, and about 30 KB/s of garbage on the JVM's notification
 * thread. Polling the young collector instead lowered the agent's process by about 5 MB of RSS
 * (4 MB of it outside the heap) in the ten-minute footprint run on JDK 25 (performance.md). Polling asks the same bean for its
 * last collection ({@code getLastGcInfo}), which the JVM hands over as plain objects.
 *
 * <p>What polling gives up: one point per collector per sample, the latest, instead of one
 * per collection; the others are counted, not kept ({@link Sink#polled}), and they carry no
 * cause. That costs the leak analysis nothing it uses: its floors come from the collections
 * that reclaim the old generation, full and concurrent ones, still notified, and G1's mixed
 * collections, which follow the end of G1's concurrent cycle, notified too (see
 * {@link #isPolled} for JDKs that do not notify it). In the same number of points the history
 * keeps a longer stretch of the run at full resolution.
 *
 * <p>Called under the engine's lock (the sampler, a report), one caller at a time; never throws.
 */
public final class GcPoller {

    /** Where polled collections go. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param latest      the collector's latest collection
         * @param collections how many collections it stands for: itself and those since the
         *                    previous poll that nobody saw
         */
        void polled(GcPoint latest, long collections);
    }

    private static final String POLLED_CAUSE = "(read by polling: the JVM gives no cause)";

    private final HeapPools heapPools;
    private final List<Polled> beans = new ArrayList<>();
    private volatile boolean closed;
    private volatile Throwable firstFailure;

    private static final class Polled {
        final com.sun.management.GarbageCollectorMXBean bean;
        final String name;
        final String action;
        long lastCount;
        long lastId;

        Polled(com.sun.management.GarbageCollectorMXBean bean, String name, long count) {
            this.bean = bean;
            this.name = name;
            this.action = actionOf(name);
            this.lastCount = count;
            this.lastId = count;
        }
    }

    /** @param collectors the names of this JVM's collector beans ({@code JvmFacts.gcNames()}), for {@link #isPolled} */
    public GcPoller(Set<String> collectors) {
        this.heapPools = HeapPools.ofThisJvm(this::recordFailure);
        try {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (isPolled(gc.getName(), collectors) && gc instanceof com.sun.management.GarbageCollectorMXBean bean) {
                    // collections before the agent started are not seen, as with notifications
                    beans.add(new Polled(bean, gc.getName(), Math.max(0, gc.getCollectionCount())));
                }
            }
        } catch (RuntimeException e) {
            recordFailure(e);
        }
    }


    /**
     * The collectors read by polling, given the names of all of this JVM's collector beans: the
     * young ones, and the pauses inside concurrent cycles, whose points are no floor anyway.
     * Every other collector, and any name not known here, keeps its notifications: those that
     * reclaim the old generation are rare, and the leak analysis wants each of them.
     *
     * <p>G1's young collector is the exception where the JVM does not notify the end of G1's
     * concurrent cycle (no "G1 Concurrent GC" bean: JDK 19 and older). Its mixed collections
     * then show only as a pause whose old generation ended below the previous pause's
     * ({@code History#addGc}), which needs every pause: one a sample would compare across the
     * promotions of several and miss them (seen: no {@code HEAP_LEAK} on the README's leak on
     * JDK 17). Where the cycle's end is notified, the collection after it marks the reclamation.
     */
    public static boolean isPolled(String gcName, Set<String> collectors) {
        if (gcName.equals("G1 Young Generation")) {
            return collectors.contains("G1 Concurrent GC");
        }
        return gcName.equals("PS Scavenge")        // Parallel: "PS MarkSweep" is notified
                || gcName.equals("Copy")            // Serial: "MarkSweepCompact" is notified
                || gcName.equals("ParNew")          // CMS, before JDK 14
                || gcName.equals("ZGC Minor Cycles") // generational ZGC: "ZGC Major Cycles" is notified
                || gcName.endsWith(" Pauses");      // ZGC, Shenandoah: steps inside a cycle
    }

    /** What the collector's notification would have said: the analysis reads the name, the report neither. */
    private static String actionOf(String gcName) {
        if (gcName.endsWith(" Pauses")) {
            return "end of GC pause";
        }
        return gcName.endsWith(" Cycles") ? "end of GC cycle" : "end of minor GC";
    }

    /** Hands each polled collector's latest collection, if it collected since the last call, to the sink. */
    public void poll(Sink sink) {
        if (closed) {
            return;
        }
        for (Polled p : beans) {
            try {
                pollOne(p, sink);
            } catch (Throwable t) {
                recordFailure(t); // the next sample tries again
            }
        }
    }

    private void pollOne(Polled p, Sink sink) {
        long count = p.bean.getCollectionCount();
        if (count == p.lastCount) {
            return; // the common case: one cheap call, no allocation
        }
        p.lastCount = count;
        GcInfo info = p.bean.getLastGcInfo();
        if (info == null || info.getId() <= p.lastId) {
            return;
        }
        long collections = info.getId() - p.lastId;
        p.lastId = info.getId();
        sink.polled(heapPools.pointOf(p.name, p.action, POLLED_CAUSE, info.getEndTime(), info.getDuration(),
                info.getMemoryUsageBeforeGc(), info.getMemoryUsageAfterGc()), collections);
    }

    /** How many collectors are polled: 0 after close, or on a JVM whose collectors are all notified. */
    public int polledCollectors() {
        return closed ? 0 : beans.size();
    }

    private void recordFailure(Throwable t) {
        if (firstFailure == null) {
            firstFailure = t;
        }
    }

    /** The first failure while polling, if any: for the report's notes. */
    public Throwable firstFailure() {
        return firstFailure;
    }

    /** Nothing more reaches a sink after this. */
    public void close() {
        closed = true;
    }
}
