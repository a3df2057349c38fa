package io.memdiag.core.collect;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.memdiag.core.model.GcPoint;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns GC notifications into {@link GcPoint}s (see {@link HeapPools} for what counts as
 * heap, as old, and as an old-generation collection). The heap after a collection is the closest
 * thing to "live data" the JVM tells without a heap dump.
 *
 * <p>Notifications arrive on a JVM thread (HotSpot's "Notification Thread"); the listener never
 * throws into it and does only arithmetic and one hand-off. After {@link #close()} nothing more
 * reaches the sink, not even a notification the JVM had already queued.
 */
public final class GcNotificationListener implements AutoCloseable {

    private final Consumer<GcPoint> sink;
    private final HeapPools heapPools;
    private final GcVocabulary vocabulary = new GcVocabulary();
    private final List<NotificationEmitter> subscribed = new ArrayList<>();
    private final NotificationListener listener = this::handle;
    private volatile boolean closed;
    private volatile Throwable firstFailure;

    /** Hears every collector: the agent uses it where {@link GcPoller#pollsEveryCollector} is false. */
    public GcNotificationListener(Consumer<GcPoint> sink) {
        this.sink = sink;
        this.heapPools = HeapPools.ofThisJvm(this::recordFailure);
        try {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    synchronized (subscribed) {
                        subscribed.add(emitter);
                    }
                }
            }
        } catch (RuntimeException e) {
            // keep the beans already subscribed: fewer GC points beat none
            recordFailure(e);
        }
    }

    private void handle(Notification n, Object handback) {
        if (closed) {
            return;
        }
        try {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            GcInfo gc = info.getGcInfo();
            sink.accept(heapPools.pointOf(vocabulary.canonical(info.getGcName()), vocabulary.canonical(info.getGcAction()),
                    vocabulary.canonical(info.getGcCause()), gc.getEndTime(),
                    gc.getDuration(), gc.getMemoryUsageBeforeGc(), gc.getMemoryUsageAfterGc()));
        } catch (Throwable t) {
            // the JVM's notification thread must never see our failure; the report shows the first
            recordFailure(t);
        }
    }

    private void recordFailure(Throwable t) {
        if (firstFailure == null) {
            firstFailure = t;
        }
    }

    /** The first failure inside the listener or the sink, if any: for the report's notes. */
    public Throwable firstFailure() {
        return firstFailure;
    }

    /** How many collector beans deliver to this listener: 0 after close, or on a JVM without them. */
    public int subscriptions() {
        synchronized (subscribed) {
            return subscribed.size();
        }
    }

    /** Removes the listener from every bean; idempotent, never throws. */
    @Override
    public void close() {
        closed = true;
        synchronized (subscribed) {
            for (NotificationEmitter e : subscribed) {
                try {
                    e.removeNotificationListener(listener);
                } catch (Exception ignored) {
                    // already gone, or the bean refuses: the closed flag still stops delivery
                }
            }
            subscribed.clear();
        }
    }
}
