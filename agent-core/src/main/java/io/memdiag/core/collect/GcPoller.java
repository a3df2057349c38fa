package io.memdiag.core.collect;

import com.sun.management.GcInfo;
import io.memdiag.core.model.GcPoint;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads every collector's latest collection once a sample, instead of subscribing to GC
 * notifications; except on a JVM where {@link #pollsEveryCollector} says G1 needs each of its
 * pauses, where the {@link GcNotificationListener} hears them all and nothing is polled.
 *
 * <p>Why not notifications: for every collection of a collector with a listener, the JDK builds
 * the collection's data as JMX open data (a new {@code ObjectName} for the source, a
 * {@code CompositeDataSupport} holding a {@code TabularData} of the pools before and after,
 * each checked against its open type), which the listener then parses back. A service doing a
 * few collections a second keeps the JIT compiling that code, late too, as each method's
 * counters slowly reach C2's thresholds, and the C library keeps the compilers' memory once
 * freed (seen on JDK 25: {@code ObjectName.construct} compiled by C2 twelve minutes into a
 * run, in the minute one of the C library's arenas grew by 4 MB; performance.md). Polling
 * asks each bean for its count, and for its last collection ({@code getLastGcInfo}) when the
 * count moved, which the JVM hands over as plain objects.
 *
 * <p>What polling gives up: one point per collector per sample, the latest, instead of one
 * per collection; the others are counted, not kept ({@link Sink#polled}), and no point carries
 * a cause. The leak analysis keeps what it uses: its floors come from the collections that
 * reclaim the old generation, a full collection or a concurrent cycle (the latest of either in
 * each sample is seen), and from G1's mixed collections, marked by the pause after the
 * concurrent cycle's end ({@code History#addGc}), which the sample's points, handed over in the
 * order they happened, still show. In the same number of points the history keeps a longer
 * stretch of the run at full resolution.
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
    /** The collectors that moved, in the poll under way: sorted by end before they reach the sink. */
    private final Polled[] latest;
    private volatile boolean closed;
    private volatile Throwable firstFailure;

    private static final class Polled {
        final com.sun.management.GarbageCollectorMXBean bean;
        final String name;
        final String action;
        long lastCount;
        long lastId;
        /** This poll's latest collection and how many it stands for; null between polls. */
        GcInfo info;
        long collections;

        Polled(com.sun.management.GarbageCollectorMXBean bean, String name, long count) {
            this.bean = bean;
            this.name = name;
            this.action = actionOf(name);
            this.lastCount = count;
            this.lastId = count;
        }
    }

    /** Polls every collector bean of this JVM; whether to use a poller at all is {@link #pollsEveryCollector}'s to say. */
    public GcPoller() {
        this.heapPools = HeapPools.ofThisJvm(this::recordFailure);
        try {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof com.sun.management.GarbageCollectorMXBean bean) {
                    // collections before the agent started are not seen, as with notifications
                    beans.add(new Polled(bean, gc.getName(), Math.max(0, gc.getCollectionCount())));
                }
            }
        } catch (RuntimeException e) {
            recordFailure(e);
        }
        this.latest = new Polled[beans.size()];
    }

    /**
     * Whether this JVM's collectors can all be polled: yes, except for G1 where the JVM does not
     * notify the end of G1's concurrent cycle (no "G1 Concurrent GC" bean: JDK 19 and older).
     * Its mixed collections then show only as a pause whose old generation ended below the
     * previous pause's ({@code History#addGc}), which needs every pause: one a sample would
     * compare across the promotions of several and miss them (seen: no {@code HEAP_LEAK} on the
     * README's leak on JDK 17). G1's other beans are notified with it there, so that all points
     * arrive in one order.
     */
    public static boolean pollsEveryCollector(Set<String> collectors) {
        return !collectors.contains("G1 Young Generation") || collectors.contains("G1 Concurrent GC");
    }

    /** What the collector's notification would have said: the analysis reads the name, the report neither. */
    static String actionOf(String gcName) {
        if (gcName.endsWith(" Pauses")) {
            return "end of GC pause";
        }
        if (gcName.endsWith(" Cycles")) {
            return "end of GC cycle";
        }
        return switch (gcName) {
            case "G1 Concurrent GC" -> "end of concurrent GC pause";
            case "G1 Old Generation", "PS MarkSweep", "MarkSweepCompact", "ConcurrentMarkSweep" -> "end of major GC";
            default -> "end of minor GC";
        };
    }

    /**
     * Hands each collector's latest collection, if it collected since the last call, to the
     * sink, in the order the collections ended: the history compares each point with the one
     * before it in time (a G1 pause after the concurrent cycle's end).
     */
    public void poll(Sink sink) {
        if (closed) {
            return;
        }
        int moved = 0;
        for (Polled p : beans) {
            try {
                if (readLatest(p)) {
                    latest[moved++] = p;
                }
            } catch (Throwable t) {
                recordFailure(t); // the next sample tries again
            }
        }
        sortByEnd(latest, moved);
        for (int i = 0; i < moved; i++) {
            Polled p = latest[i];
            latest[i] = null;
            try {
                sink.polled(heapPools.pointOf(p.name, p.action, POLLED_CAUSE, p.info.getEndTime(), p.info.getDuration(),
                        p.info.getMemoryUsageBeforeGc(), p.info.getMemoryUsageAfterGc()), p.collections);
            } catch (Throwable t) {
                recordFailure(t);
            }
            p.info = null;
        }
    }

    /** Whether the collector collected since the last poll; its latest collection is then in {@code p.info}. */
    private static boolean readLatest(Polled p) {
        long count = p.bean.getCollectionCount();
        if (count == p.lastCount) {
            return false; // the common case: one cheap call, no allocation
        }
        p.lastCount = count;
        GcInfo info = p.bean.getLastGcInfo();
        if (info == null || info.getId() <= p.lastId) {
            return false;
        }
        p.collections = info.getId() - p.lastId;
        p.lastId = info.getId();
        p.info = info;
        return true;
    }

    /** Insertion sort of the first {@code n}: a handful of collectors, in place, no allocation. */
    private static void sortByEnd(Polled[] a, int n) {
        for (int i = 1; i < n; i++) {
            Polled p = a[i];
            int j = i - 1;
            while (j >= 0 && a[j].info.getEndTime() > p.info.getEndTime()) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = p;
        }
    }

    /** How many collectors are polled: 0 after close, or on a JVM that will not list them. */
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
