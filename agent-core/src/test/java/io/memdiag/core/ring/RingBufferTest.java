package io.memdiag.core.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingBufferTest {

    @Test
    void capacityRoundsUpToAPowerOfTwo() {
        assertEquals(1, new RingBuffer(1).capacity());
        assertEquals(2, new RingBuffer(2).capacity());
        assertEquals(4, new RingBuffer(3).capacity());
        assertEquals(8, new RingBuffer(5).capacity());
        assertEquals(1024, new RingBuffer(1024).capacity());
        assertEquals(2048, new RingBuffer(1025).capacity());
    }

    @Test
    void capacityOutsideOneTo2Pow24IsRejected() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE, (1 << 24) + 1, Integer.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> new RingBuffer(bad), "capacity " + bad);
        }
    }

    @Test
    void fifoAcrossManyWrapArounds() {
        RingBuffer ring = new RingBuffer(8);
        List<Long> seen = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 1000; round++) {
            int batch = 1 + round % 8; // varying batch sizes move the wrap point around the ring
            for (int i = 0; i < batch; i++) {
                assertTrue(ring.publish(EventType.THREAD_START, next, next * 2, -next));
                next++;
            }
            assertEquals(batch, ring.size());
            ring.drain((type, a, b, c) -> {
                assertEquals(EventType.THREAD_START, type);
                assertEquals(a * 2, b);
                assertEquals(-a, c);
                seen.add(a);
            }, Integer.MAX_VALUE);
            assertEquals(0, ring.size());
        }
        assertTrue(next > 500 * ring.capacity(), "wrapped hundreds of times");
        assertEquals(next, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(next, ring.published());
        assertEquals(0, ring.dropped());
    }

    @Test
    void fullRingDropsAndCountsWithoutOverwriting() {
        RingBuffer ring = new RingBuffer(4);
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (ring.publish(2, i, 0, 0)) {
                accepted++;
            }
        }
        assertEquals(4, accepted);
        assertEquals(4, ring.published());
        assertEquals(6, ring.dropped());
        assertEquals(10, ring.published() + ring.dropped(), "published + dropped == attempts");
        assertEquals(4, ring.size());
        List<Long> seen = new ArrayList<>();
        ring.drain((type, a, b, c) -> seen.add(a), 100);
        assertEquals(List.of(0L, 1L, 2L, 3L), seen, "the oldest events survive; the newest are dropped");
        assertTrue(ring.publish(2, 99, 0, 0), "room again after draining");
        assertEquals(6, ring.dropped(), "drops are monotonic and only counted when full");
    }

    @Test
    void drainHonoursItsLimit() {
        RingBuffer ring = new RingBuffer(16);
        for (int i = 0; i < 10; i++) {
            ring.publish(1, i, 0, 0);
        }
        List<Long> seen = new ArrayList<>();
        assertEquals(3, ring.drain((t, a, b, c) -> seen.add(a), 3));
        assertEquals(7, ring.size());
        assertEquals(0, ring.drain((t, a, b, c) -> seen.add(a), 0));
        assertEquals(7, ring.drain((t, a, b, c) -> seen.add(a), 100));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seen);
        assertEquals(0, ring.drain((t, a, b, c) -> seen.add(a), 100), "empty ring");
    }

    /**
     * A producer that claimed a slot and was descheduled before publishing it: the consumer
     * delivers what precedes the slot, waits there without skipping or reading half-written
     * data, and delivers the rest in claim order once the slot is published.
     */
    @Test
    void drainStopsAtAClaimedButUnpublishedSlotAndResumesLater() {
        RingBuffer ring = new RingBuffer(8);
        assertTrue(ring.publish(1, 0, 0, 0));
        long stalled = ring.claim();
        assertEquals(1, stalled);
        assertTrue(ring.publish(1, 2, 0, 0));
        assertTrue(ring.publish(1, 3, 0, 0));

        List<Long> seen = new ArrayList<>();
        assertEquals(1, ring.drain((t, a, b, c) -> seen.add(a), 100), "stops before the unpublished slot");
        assertEquals(0, ring.drain((t, a, b, c) -> seen.add(a), 100), "and stays there");
        assertEquals(3, ring.size(), "the stalled slot and the two behind it are still held");

        ring.commit(stalled, 1, 1, 0, 0);
        assertEquals(3, ring.drain((t, a, b, c) -> seen.add(a), 100));
        assertEquals(List.of(0L, 1L, 2L, 3L), seen, "claim order, nothing lost or repeated");
        assertEquals(4, ring.published());
    }

    @Test
    void aStalledSlotHoldsBackTheRingUntilPublishedThenFillsAndDropsNormally() {
        RingBuffer ring = new RingBuffer(4);
        long stalled = ring.claim();
        for (int i = 1; i < 4; i++) {
            assertTrue(ring.publish(1, i, 0, 0));
        }
        assertFalse(ring.publish(1, 4, 0, 0), "a claimed slot counts as taken: full, dropped");
        assertEquals(1, ring.dropped());
        assertEquals(0, ring.drain((t, a, b, c) -> { }, 100));
        ring.commit(stalled, 1, 0, 0, 0);
        List<Long> seen = new ArrayList<>();
        assertEquals(4, ring.drain((t, a, b, c) -> seen.add(a), 100));
        assertEquals(List.of(0L, 1L, 2L, 3L), seen);
    }

    @Test
    void aThrowingHandlerDoesNotWedgeTheRing() {
        RingBuffer ring = new RingBuffer(4);
        ring.publish(1, 1, 0, 0);
        ring.publish(1, 2, 0, 0);
        List<Long> given = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> ring.drain((t, a, b, c) -> {
            given.add(a);
            throw new IllegalStateException("bad handler");
        }, 10));
        assertEquals(List.of(1L), given, "drain stopped at the throw");
        assertEquals(1, ring.size());
        List<Long> rest = new ArrayList<>();
        ring.drain((t, a, b, c) -> rest.add(a), 10);
        assertEquals(List.of(2L), rest, "the event that failed is consumed, not repeated; the next is still there");
        for (int i = 0; i < 4; i++) {
            assertTrue(ring.publish(1, 10 + i, 0, 0), "all four slots are free again");
        }
        assertFalse(ring.publish(1, 14, 0, 0));
    }

    /**
     * Rounds of stress run for at least this long, so that the scheduler of a small machine
     * interleaves the threads many times whatever it does in any one round; each round is
     * checked. They go on, up to {@link #STRESS_MAX_NANOS}, until the run has shown that it was
     * concurrent, so a starved machine gets more rounds rather than a test that proved nothing.
     */
    private static final long STRESS_NANOS = 400_000_000L;
    private static final long STRESS_MAX_NANOS = 1_500_000_000L;

    /** Producer-to-producer changes the consumer must see in all, to show the run was concurrent. */
    private static final long MIN_INTERLEAVINGS = 100;

    private static boolean keepStressing(long start, boolean sawConcurrency) {
        long elapsed = System.nanoTime() - start;
        return elapsed < STRESS_NANOS || !sawConcurrency && elapsed < STRESS_MAX_NANOS;
    }

    @Test
    void aHandlerThrowingDeepInALongDrainLeavesTheRestForTheNextDrain() {
        RingBuffer ring = new RingBuffer(256);
        for (int i = 0; i < 200; i++) {
            ring.publish(1, i, 0, 0);
        }
        assertThrows(IllegalStateException.class, () -> ring.drain((t, a, b, c) -> {
            if (a == 99) {
                throw new IllegalStateException("bad event");
            }
        }, 1000));
        assertEquals(100, ring.size(), "events 0..99 consumed, 100..199 left");
        for (int i = 0; i < 156; i++) {
            assertTrue(ring.publish(1, 200 + i, 0, 0), "slot " + i + " of the freed ones");
        }
        assertFalse(ring.publish(1, 356, 0, 0), "exactly the consumed slots were freed");
        List<Long> rest = new ArrayList<>();
        assertEquals(256, ring.drain((t, a, b, c) -> rest.add(a), 1000));
        assertEquals(100L, rest.get(0));
        assertEquals(355L, rest.get(255));
    }

    @ParameterizedTest(name = "{0} producers")
    @ValueSource(ints = {2, 4, 8})
    @Timeout(10)
    void concurrentProducersLoseNothingAndKeepPerProducerOrder(int producers) throws Exception {
        int total = 400_000;
        int perProducer = total / producers;
        // Room for a whole round, so any miss is a lost event; the ring is reused across rounds
        // and wraps while the threads race.
        RingBuffer ring = new RingBuffer(total);
        long interleavings = 0;
        long start = System.nanoTime();
        for (int round = 1; keepStressing(start, interleavings >= MIN_INTERLEAVINGS); round++) {
            long publishedBefore = ring.published();
            StressResult r = stress(ring, producers, perProducer, false);
            String where = "round " + round + ": ";
            assertNull(r.violation, where + r.violation);
            assertEquals(0, ring.dropped(), where + "dropped");
            assertEquals(total, ring.published() - publishedBefore, where + "published");
            assertEquals(total, r.received, where + "every event exactly once");
            for (int p = 0; p < producers; p++) {
                assertEquals(perProducer - 1, r.lastSeq[p], where + "producer " + p + " delivered through its last event");
            }
            interleavings += r.interleavings;
        }
        assertTrue(interleavings >= MIN_INTERLEAVINGS, "producers barely overlapped: " + interleavings + " interleavings");
    }

    @ParameterizedTest(name = "{0} producers")
    @ValueSource(ints = {2, 4, 8})
    @Timeout(10)
    void concurrentProducersOnASmallRingCountEveryDrop(int producers) throws Exception {
        int perProducer = 400_000 / producers;
        long attempted = (long) producers * perProducer;
        RingBuffer ring = new RingBuffer(64);
        long drainedWhilePublishing = 0;
        long start = System.nanoTime();
        for (int round = 1; keepStressing(start, drainedWhilePublishing > 0); round++) {
            long publishedBefore = ring.published();
            long droppedBefore = ring.dropped();
            StressResult r = stress(ring, producers, perProducer, true);
            long published = ring.published() - publishedBefore;
            long dropped = ring.dropped() - droppedBefore;
            String where = "round " + round + ": ";
            assertNull(r.violation, where + r.violation);
            assertTrue(dropped > 0, where + "the drop path ran");
            assertEquals(attempted, r.received + dropped, where + "received + dropped == attempted");
            assertEquals(attempted, published + dropped, where + "published + dropped == attempted");
            assertEquals(r.received, published, where + "everything published was received");
            assertEquals(r.received, r.accepted, where + "publish returned true exactly for the events received");
            // The ring holds 64: any event beyond that was drained while producers were running.
            drainedWhilePublishing += Math.max(0, r.received - ring.capacity());
        }
        assertTrue(drainedWhilePublishing > 0, "the consumer never drained while producers were publishing");
    }

    private static final class StressResult {
        final long[] lastSeq;
        long received;
        long accepted;
        long interleavings;
        long previousId = -1;
        String violation;

        StressResult(int producers) {
            lastSeq = new long[producers];
            Arrays.fill(lastSeq, -1);
        }
    }

    /**
     * Producers publish (id, seq, checksum) once each, never retrying; one consumer drains
     * concurrently and records the first event that is out of order, repeated or torn. With
     * {@code fillFirst} the consumer starts only after the first drop, so the drop path is
     * certain to run. Producers yield every 64 events and the consumer whenever the ring is
     * empty: otherwise, on two cores, each producer finishes inside its first time slice and
     * the threads run one after another instead of racing.
     */
    private static StressResult stress(RingBuffer ring, int producers, int perProducer, boolean fillFirst)
            throws Exception {
        StressResult r = new StressResult(producers);
        EventHandler check = (type, id, seq, sum) -> {
            r.received++;
            if (id != r.previousId) {
                if (r.previousId >= 0) {
                    r.interleavings++;
                }
                r.previousId = id;
            }
            if (r.violation != null) {
                return;
            }
            if (type != 7 || id < 0 || id >= producers) {
                r.violation = "foreign event type " + type + " id " + id;
            } else if (sum != id * 31 + seq) {
                r.violation = "torn event: producer " + id + " seq " + seq + " checksum " + sum;
            } else if (seq <= r.lastSeq[(int) id]) {
                r.violation = "producer " + id + ": seq " + seq + " after " + r.lastSeq[(int) id] + " (repeated or reordered)";
            } else {
                r.lastSeq[(int) id] = seq;
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] accepted = new long[producers];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    long ok = 0;
                    for (long s = 0; s < perProducer; s++) {
                        if (ring.publish(7, id, s, id * 31L + s)) {
                            ok++;
                        }
                        if ((s & 63) == 63) {
                            Thread.yield();
                        }
                    }
                    accepted[id] = ok;
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "producer-" + p));
        }
        AtomicBoolean producersDone = new AtomicBoolean();
        Thread consumer = new Thread(() -> {
            try {
                start.await();
                while (fillFirst && ring.dropped() == 0 && !producersDone.get()) {
                    Thread.onSpinWait();
                }
                while (!producersDone.get()) {
                    if (ring.drain(check, 4096) == 0) {
                        Thread.yield();
                    }
                }
                while (ring.drain(check, Integer.MAX_VALUE) > 0) {
                    // producers have stopped: whatever is left is published
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "consumer");
        threads.forEach(Thread::start);
        consumer.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        producersDone.set(true);
        consumer.join();
        if (failure.get() != null) {
            throw new AssertionError("a stress thread failed", failure.get());
        }
        r.accepted = Arrays.stream(accepted).sum();
        return r;
    }

    /**
     * Publish on application threads must not allocate: measured with the thread's own
     * allocation counter around a million publishes, once through the success path (drained
     * as the sampler would) and once through the drop path of a full ring.
     */
    @Test
    void steadyStatePublishAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        RingBuffer ring = new RingBuffer(1024);
        EventHandler sink = (t, a, b, c) -> { };
        for (int i = 0; i < 3; i++) { // warm-up: every compilation of the loops, publish and drain done
            Loops.publishAndDrain(ring, sink, 200_000);
            Loops.fillAndDrop(ring, sink, 200_000);
        }
        mx.getThreadAllocatedBytes(tid);

        long before = mx.getThreadAllocatedBytes(tid);
        long accepted = Loops.publishAndDrain(ring, sink, 1_000_000);
        long successPath = mx.getThreadAllocatedBytes(tid) - before;

        before = mx.getThreadAllocatedBytes(tid);
        long dropped = Loops.fillAndDrop(ring, sink, 1_000_000);
        long dropPath = mx.getThreadAllocatedBytes(tid) - before;

        assertEquals(1_000_000, accepted, "the success path was measured");
        assertTrue(dropped > 990_000, "the drop path was measured");
        assertTrue(successPath <= NOISE_BYTES, "1e6 publishes (drained) allocated " + successPath + " bytes");
        assertTrue(dropPath <= NOISE_BYTES, "1e6 publishes (full ring) allocated " + dropPath + " bytes");
    }

    /** Reading the counter itself may allocate a little; one allocation per publish would be megabytes. */
    private static final long NOISE_BYTES = 256;

    /**
     * The measured loops, in a class of their own: before HotSpot queues a method for C2, the
     * thread asking for the compilation resolves every string literal of that method's class
     * into a String. Here that would be this test class's few kilobytes of assertion messages,
     * charged to the measured thread when a loop is first compiled; this class has none.
     */
    private static final class Loops {
        static long publishAndDrain(RingBuffer ring, EventHandler sink, int n) {
            long accepted = 0;
            for (int i = 0; i < n; i++) {
                if (ring.publish(1, i, i, i)) {
                    accepted++;
                }
                if ((i & 511) == 511) {
                    ring.drain(sink, 1024);
                }
            }
            ring.drain(sink, 1024);
            return accepted;
        }

        static long fillAndDrop(RingBuffer ring, EventHandler sink, int n) {
            long dropped = 0;
            for (int i = 0; i < n; i++) {
                if (!ring.publish(1, i, i, i)) {
                    dropped++;
                }
            }
            ring.drain(sink, Integer.MAX_VALUE);
            return dropped;
        }
    }
}
