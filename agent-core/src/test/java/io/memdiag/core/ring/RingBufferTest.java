package io.memdiag.core.ring;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingBufferTest {

    @Test
    void capacityRoundsUpToAPowerOfTwo() {
        assertEquals(1, new RingBuffer(1).capacity());
        assertEquals(8, new RingBuffer(5).capacity());
        assertEquals(1024, new RingBuffer(1024).capacity());
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer(0));
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer((1 << 24) + 1));
    }

    @Test
    void fifoAcrossManyWrapArounds() {
        RingBuffer ring = new RingBuffer(8);
        List<Long> seen = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < 5; i++) {
                assertTrue(ring.publish(1, next, next * 2, -next));
                next++;
            }
            ring.drain((type, a, b, c) -> {
                assertEquals(1, type);
                assertEquals(a * 2, b);
                assertEquals(-a, c);
                seen.add(a);
            }, Integer.MAX_VALUE);
        }
        assertEquals(5000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(0, ring.size());
    }

    @Test
    void fullRingDropsAndCountsWithoutOverwriting() {
        RingBuffer ring = new RingBuffer(4);
        for (int i = 0; i < 10; i++) {
            ring.publish(2, i, 0, 0);
        }
        assertEquals(4, ring.published());
        assertEquals(6, ring.dropped());
        List<Long> seen = new ArrayList<>();
        ring.drain((type, a, b, c) -> seen.add(a), 100);
        assertEquals(List.of(0L, 1L, 2L, 3L), seen, "the oldest events survive; the newest are dropped");
        assertTrue(ring.publish(2, 99, 0, 0), "room again after draining");
    }

    @Test
    void drainHonoursItsLimit() {
        RingBuffer ring = new RingBuffer(16);
        for (int i = 0; i < 10; i++) {
            ring.publish(1, i, 0, 0);
        }
        assertEquals(3, ring.drain((t, a, b, c) -> { }, 3));
        assertEquals(7, ring.size());
    }

    @Test
    void aThrowingHandlerDoesNotWedgeTheRing() {
        RingBuffer ring = new RingBuffer(4);
        ring.publish(1, 1, 0, 0);
        ring.publish(1, 2, 0, 0);
        assertThrows(IllegalStateException.class, () -> ring.drain((t, a, b, c) -> {
            throw new IllegalStateException("bad handler");
        }, 10));
        List<Long> rest = new ArrayList<>();
        ring.drain((t, a, b, c) -> rest.add(a), 10);
        assertEquals(List.of(2L), rest, "the event that failed is consumed; the next is still there");
    }

    @Test
    void noLossNoDuplicatesWithTwoFourAndEightProducers() throws Exception {
        for (int producers : new int[] {2, 4, 8}) {
            int perProducer = 50_000;
            RingBuffer ring = new RingBuffer(producers * perProducer); // room for everything
            StressResult r = stress(ring, producers, perProducer);
            assertEquals(0, r.dropped, producers + " producers");
            assertEquals((long) producers * perProducer, r.received, producers + " producers");
            assertFalse(r.duplicateOrReordered, producers + " producers: every event once, in per-producer order");
        }
    }

    @Test
    void everyDropIsCountedWhenTheRingIsTooSmall() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        RingBuffer ring = new RingBuffer(64);
        StressResult r = stress(ring, producers, perProducer);
        assertEquals((long) producers * perProducer, r.received + r.dropped, "received + dropped == attempted");
        assertEquals(r.received, ring.published());
        assertFalse(r.duplicateOrReordered);
    }

    private record StressResult(long received, long dropped, boolean duplicateOrReordered) {
    }

    /** Producers publish (id, seq) with no retry; one consumer drains concurrently and checks order. */
    private static StressResult stress(RingBuffer ring, int producers, int perProducer) throws Exception {
        long[] lastSeq = new long[producers];
        java.util.Arrays.fill(lastSeq, -1);
        boolean[] bad = new boolean[1];
        long[] received = new long[1];
        EventHandler check = (type, id, seq, c) -> {
            int p = (int) id;
            if (seq <= lastSeq[p] || c != id * 31 + seq) {
                bad[0] = true;
            }
            lastSeq[p] = seq;
            received[0]++;
        };
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long id = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long s = 0; s < perProducer; s++) {
                    ring.publish(7, id, s, id * 31 + s);
                }
            });
            t.start();
            threads.add(t);
        }
        AtomicBoolean done = new AtomicBoolean();
        Thread consumer = new Thread(() -> {
            while (!done.get()) {
                ring.drain(check, 4096);
            }
            ring.drain(check, Integer.MAX_VALUE);
        });
        consumer.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        consumer.join();
        return new StressResult(received[0], ring.dropped(), bad[0]);
    }

    @Test
    void steadyStatePublishAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RingBuffer ring = new RingBuffer(1024);
        EventHandler sink = (t, a, b, c) -> { };
        for (int i = 0; i < 200_000; i++) { // warm up: JIT-compile publish and drain
            ring.publish(1, i, i, i);
            if ((i & 511) == 0) {
                ring.drain(sink, 1024);
            }
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 1_000_000; i++) {
            ring.publish(1, i, i, i); // mostly drops once full: both paths are measured
            if ((i & 511) == 0) {
                ring.drain(sink, 1024);
            }
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 4096, "1e6 publishes allocated " + allocated + " bytes");
    }
}
