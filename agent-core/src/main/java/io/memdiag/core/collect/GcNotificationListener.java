package io.memdiag.core.collect;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.memdiag.core.model.GcPoint;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns every GC notification into a {@link GcPoint}: heap before and after, summed over the
 * heap pools, plus the old generation after. The heap after a collection is the closest thing
 * to "live data" the JVM tells without a heap dump.
 *
 * <p>Notifications arrive on a JVM thread (HotSpot's "Notification Thread" or the service
 * thread); the listener never throws into it and does only arithmetic and one hand-off.
 *
 * <p>{@link GcPoint#oldCollected()} is true for collections that can reclaim the old generation:
 * "end of major GC" (full/old collections of Serial, Parallel, G1 full GC), G1's
 * "G1 Old Generation", the concurrent cycle beans ("G1 Concurrent GC" from JDK 20, ZGC and
 * Shenandoah cycles, which collect the whole heap). G1 mixed collections report as
 * "G1 Young Generation" like young ones and cannot be told apart here.
 */
public final class GcNotificationListener implements AutoCloseable {

    private final Consumer<GcPoint> sink;
    private final Set<String> heapPools;
    private final List<NotificationEmitter> subscribed = new ArrayList<>();
    private final NotificationListener listener = this::handle;
    private volatile Throwable firstFailure;

    public GcNotificationListener(Consumer<GcPoint> sink) {
        this.sink = sink;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                subscribed.add(emitter);
            }
        }
    }

    private void handle(Notification n, Object handback) {
        try {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            sink.accept(toPoint(info));
        } catch (Throwable t) {
            if (firstFailure == null) {
                firstFailure = t;
            }
        }
    }

    GcPoint toPoint(GarbageCollectionNotificationInfo info) {
        Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
        Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
        long usedBefore = 0;
        long usedAfter = 0;
        long committedAfter = 0;
        long oldAfter = -1;
        for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
            if (!heapPools.contains(e.getKey())) {
                continue;
            }
            usedAfter += e.getValue().getUsed();
            committedAfter += e.getValue().getCommitted();
            MemoryUsage b = before.get(e.getKey());
            usedBefore += b == null ? 0 : b.getUsed();
            if (isOldPool(e.getKey())) {
                oldAfter = Math.max(0, oldAfter) + e.getValue().getUsed();
            }
        }
        long uptimeEnd = info.getGcInfo().getEndTime();
        return new GcPoint(uptimeEnd, info.getGcName(), info.getGcAction(), info.getGcCause(),
                info.getGcInfo().getDuration(), usedBefore, usedAfter, committedAfter, oldAfter,
                reclaimsOld(info.getGcName(), info.getGcAction()));
    }

    static boolean isOldPool(String pool) {
        return pool.contains("Old Gen") || pool.contains("Tenured") || pool.equals("ZGC Old Generation");
    }

    static boolean reclaimsOld(String gcName, String action) {
        return action.contains("major")
                || gcName.equals("G1 Old Generation")
                || gcName.equals("G1 Concurrent GC")
                || gcName.startsWith("ZGC") && !gcName.contains("Minor")
                || gcName.startsWith("Shenandoah");
    }

    /** The first failure inside the listener, if any: for the report's notes. */
    public Throwable firstFailure() {
        return firstFailure;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : subscribed) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone: nothing to undo
            }
        }
        subscribed.clear();
    }
}
