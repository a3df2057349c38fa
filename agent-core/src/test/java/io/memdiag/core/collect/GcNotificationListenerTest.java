package io.memdiag.core.collect;

import io.memdiag.core.model.GcPoint;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real notifications of the JVM running the tests, whatever its collector. */
class GcNotificationListenerTest {

    private static final long WAIT_MILLIS = 10_000;

    private static final Predicate<GcPoint> FULL_SYSTEM_GC = p -> p.cause().equals("System.gc()") && p.oldCollected();

    @Test
    void systemGcArrivesAsAPointNamedAfterItsBean() throws InterruptedException {
        List<GcPoint> points = new CopyOnWriteArrayList<>();
        try (GcNotificationListener listener = new GcNotificationListener(points::add)) {
            assertTrue(listener.subscriptions() > 0, "every HotSpot collector has notifying beans");
            System.gc();
            assertTrue(await(() -> points.stream().anyMatch(FULL_SYSTEM_GC)), "System.gc() reported: " + points);
            GcPoint p = points.stream().filter(FULL_SYSTEM_GC).findFirst().orElseThrow();
            List<String> beans = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(GarbageCollectorMXBean::getName).toList();
            assertTrue(beans.contains(p.gcName()), p.gcName() + " not in " + beans);
            assertTrue(p.heapUsedAfter() > 0, p.toString());
            assertTrue(p.heapCommittedAfter() >= p.heapUsedAfter(), p.toString());
            assertTrue(p.oldUsedAfter() >= 0 && p.oldUsedAfter() <= p.heapUsedAfter(), "an old pool is known: " + p);
            assertTrue(p.uptimeMillis() > 0 && p.uptimeMillis() <= ManagementFactory.getRuntimeMXBean().getUptime(), p.toString());
            assertNull(listener.firstFailure());
            System.gc();
            assertTrue(await(() -> points.stream().filter(FULL_SYSTEM_GC).count() >= 2), "a second System.gc(): " + points);
            GcPoint second = points.stream().filter(FULL_SYSTEM_GC).skip(1).findFirst().orElseThrow();
            assertSame(p.gcName(), second.gcName(), "the history shares one copy of each name");
            assertSame(p.cause(), second.cause());
        }
    }

    @Test
    void closeStopsDeliveryWhileOthersStillHear() throws InterruptedException {
        List<GcPoint> closedOnes = new CopyOnWriteArrayList<>();
        List<GcPoint> control = new CopyOnWriteArrayList<>();
        GcNotificationListener closing = new GcNotificationListener(closedOnes::add);
        try (GcNotificationListener open = new GcNotificationListener(control::add)) {
            assertTrue(open.subscriptions() > 0 && closing.subscriptions() == open.subscriptions());
            closing.close();
            closing.close(); // idempotent
            assertEquals(0, closing.subscriptions());
            System.gc();
            assertTrue(await(() -> control.stream().anyMatch(FULL_SYSTEM_GC)), "the GC happened: " + control);
            assertEquals(List.of(), closedOnes, "nothing after close()");
        }
    }

    @Test
    void aThrowingSinkIsRecordedNotPropagated() throws InterruptedException {
        List<GcPoint> control = new CopyOnWriteArrayList<>();
        try (GcNotificationListener throwing = new GcNotificationListener(p -> {
                 throw new IllegalStateException("sink broke");
             });
             GcNotificationListener open = new GcNotificationListener(control::add)) {
            assertTrue(open.subscriptions() > 0);
            System.gc();
            assertTrue(await(() -> throwing.firstFailure() != null), "the failure is kept for the report");
            assertEquals("sink broke", throwing.firstFailure().getMessage());
            assertTrue(await(() -> control.stream().anyMatch(FULL_SYSTEM_GC)),
                    "the notification thread survived and still delivers: " + control);
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
