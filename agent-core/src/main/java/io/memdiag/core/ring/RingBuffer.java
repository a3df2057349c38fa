package io.memdiag.core.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded multi-producer, single-consumer ring of preallocated primitive slots: the only
 * thing application threads touch.
 *
 * <p>Producers ({@link #publish}) check for room against the consumer's index, claim a slot by
 * CAS on the producer index, write four primitives and publish the slot by a release store of
 * its sequence number. When the ring is full the event is dropped and counted: producers never
 * wait, never overwrite unread events and never allocate. The consumer ({@link #drain}) reads
 * slots in order and stops at the first one that is claimed but not yet published (its
 * producer was descheduled mid-write); the next drain picks it up.
 *
 * <p>Each slot is eight longs of one array, one 64-byte cache line: sequence, type, a, b, c and
 * padding. A publish therefore touches one line, not five, and neighbouring slots written by
 * different producers do not share a line. A slot is published for claim number {@code n}
 * when its sequence is {@code n + 1}. The indices are padded too, so producers hammering the
 * producer index do not invalidate the line holding the consumer index.
 */
public final class RingBuffer extends RingIndices {

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    /** Longs per slot: a cache line. Offsets within a slot follow. */
    static final int STRIDE = 8;
    private static final int SEQ = 0;
    private static final int TYPE = 1;
    private static final int A = 2;
    private static final int B = 3;
    private static final int C = 4;

    private final int mask;
    private final long[] slots;

    /**
     * @param capacity slots; rounded up to a power of two
     * @throws IllegalArgumentException when below 1 or above 2^24
     */
    public RingBuffer(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("ring capacity must be 1.." + (1 << 24) + ", was " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        this.mask = size - 1;
        this.slots = new long[size * STRIDE];
    }

    /**
     * Publishes one event. Lock-free, allocation-free; returns false (and counts a drop) when
     * the ring is full.
     */
    public boolean publish(int type, long a, long b, long c) {
        long claim;
        do {
            claim = producerIndex();
            if (claim - consumerIndex() > mask) {
                countDrop();
                return false;
            }
        } while (!casProducerIndex(claim, claim + 1));
        int base = ((int) claim & mask) * STRIDE;
        slots[base + TYPE] = type;
        slots[base + A] = a;
        slots[base + B] = b;
        slots[base + C] = c;
        SEQUENCE.setRelease(slots, base + SEQ, claim + 1);
        return true;
    }

    /**
     * Delivers up to {@code maxEvents} published events in claim order. Single consumer only.
     * If the handler throws, the event it was given counts as consumed (the consumer index
     * already moved past it), so one bad event cannot wedge the ring; the exception propagates.
     *
     * @return the number of events delivered
     */
    public int drain(EventHandler handler, int maxEvents) {
        long next = consumerIndex();
        int delivered = 0;
        while (delivered < maxEvents) {
            int base = ((int) next & mask) * STRIDE;
            if ((long) SEQUENCE.getAcquire(slots, base + SEQ) != next + 1) {
                break; // empty, or claimed and not yet published
            }
            int type = (int) slots[base + TYPE];
            long a = slots[base + A];
            long b = slots[base + B];
            long c = slots[base + C];
            next++;
            setConsumerIndex(next); // frees the slot before the handler runs
            delivered++;
            handler.onEvent(type, a, b, c);
        }
        return delivered;
    }

    /** Events accepted so far. */
    public long published() {
        return producerIndex();
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        return drops();
    }

    public int capacity() {
        return mask + 1;
    }

    /** Claimed but not yet consumed; approximate under concurrency. */
    public int size() {
        return (int) Math.max(0, Math.min(capacity(), producerIndex() - consumerIndex()));
    }
}
