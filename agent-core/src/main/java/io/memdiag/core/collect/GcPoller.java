package io.memdiag.core.collect;

import com.sun.management.GcInfo;
import io.memdiag.core.model.GcPoint;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads every collector's latest collection once a sample: the agent's only source of GC data.
 *
 * <p>Why not GC notifications: for every collection of a collector with a listener, the JDK
 * builds the collection's data as JMX open data (a new {@code ObjectName} for the source, a
 * {@code CompositeDataSupport} holding a {@code TabularData} of the pools before and after,
 * each checked against its open type), which the listener then parses back. A service doing a
 * few collections a second keeps the JIT compiling that code, late too, as each method's
 * counters slowly reach C2's thresholds, and the C library keeps the compilers' memory once
 * freed (seen: the JDK's notification code compiled by C2 twelve to fourteen minutes into a
 * run, in the minute one of the C library's arenas grew by 4 to 9 MB; performance.md). Polling
 * asks each bean for its count, and for its last collection ({@code getLastGcInfo}) when the
 * count moved, which the JVM hands over as plain objects.
 *
 * <p>What polling gives up: one point per collector per sample, the latest, instead of one
 * per collection; the others are counted, not kept ({@link Sink#polled}), and no point carries
 * a cause. The leak analysis keeps what it uses: its floors come from the collections that
 * reclaim the old generation, a full collection or a concurrent cycle (the latest of either in
 * each sample is seen), and from G1's mixed collections. Those look exactly like young pauses
 * in the collector's data; the pause after the end of G1's concurrent cycle marks them
 * ({@code History#addGc}; the points of one poll reach it in the order they ended). Where the
 * JVM has no bean for that cycle (JDK 19 and older), {@link MixedCollections} tells that a mixed
 * collection happened since the last poll and the old generation it left, and the poller hands
 * over the mixed collection's point, rebuilt ({@link #mixedBefore}), before the latest pause's.
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
    /** G1 without a concurrent-cycle bean (JDK 19 and older): tells which polls saw a mixed collection, and the old generation it left; else null. */
    private final MixedCollections mixed;
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

    /** @param collectors the names of this JVM's collector beans ({@code JvmFacts.gcNames()}) */
    public GcPoller(Set<String> collectors) {
        this.heapPools = HeapPools.ofThisJvm(this::recordFailure);
        this.mixed = MixedCollections.needed(collectors) ? MixedCollections.ofThisJvm(this::recordFailure) : null;
        try {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof com.sun.management.GarbageCollectorMXBean bean) {
                    // collections before the agent started are not seen
                    beans.add(new Polled(bean, gc.getName(), Math.max(0, gc.getCollectionCount())));
                }
            }
        } catch (RuntimeException e) {
            recordFailure(e);
        }
        this.latest = new Polled[beans.size()];
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
            case GcPoint.G1_CONCURRENT -> "end of concurrent GC pause";
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
        long oldAfterMixed = mixed == null ? -1 : mixed.oldAfterCollectionSinceLastCall();
        sortByEnd(latest, moved);
        for (int i = 0; i < moved; i++) {
            Polled p = latest[i];
            latest[i] = null;
            try {
                GcPoint point = heapPools.pointOf(p.name, p.action, POLLED_CAUSE, p.info.getEndTime(), p.info.getDuration(),
                        p.info.getMemoryUsageBeforeGc(), p.info.getMemoryUsageAfterGc());
                long collections = p.collections;
                if (oldAfterMixed >= 0 && point.oldUsedAfter() == oldAfterMixed) {
                    // this very collection left the old generation so: a full one, or the mixed pause
                    point = point.withOldCollected(true);
                    oldAfterMixed = -1;
                } else if (oldAfterMixed >= 0 && p.name.equals(HeapPools.G1_YOUNG) && collections > 1) {
                    // the mixed pause came before the latest one: its point first, standing for one of them
                    sink.polled(mixedBefore(point, oldAfterMixed, p.info.getStartTime()), 1);
                    collections--;
                    oldAfterMixed = -1;
                }
                sink.polled(point, collections);
            } catch (Throwable t) {
                recordFailure(t);
            }
            p.info = null;
        }
    }

    /**
     * The mixed collection among the young pauses since the last poll, rebuilt from the latest
     * of them: its old generation is the one the mixed collection left (the pool's collection
     * usage), its young generation the latest pause's (eden empty after any pause, a survivor
     * space of the same order), and it ended before the latest began. Marking the latest pause
     * instead would count what the pauses after the mixed one promoted as part of the floor of
     * the heap after old collections, which is what the leak analysis stands on (482403c did,
     * and was reverted).
     */
    static GcPoint mixedBefore(GcPoint latest, long oldAfterMixed, long latestStartMillis) {
        long heapAfter = latest.heapUsedAfter() - latest.oldUsedAfter() + oldAfterMixed;
        return new GcPoint(Math.max(0, latestStartMillis - 1), latest.gcName(), latest.action(), latest.cause(), 0,
                heapAfter, heapAfter, latest.heapCommittedAfter(), oldAfterMixed, true);
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
