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
 * <p>Each slot is eight longs of one array, 64 bytes: sequence, type, a, b, c and padding.
 * Interleaving the fields keeps a publish to one or two cache lines instead of five separate
 * arrays; Java only aligns the array to 8 bytes, so a slot can straddle two lines and the ends
 * of neighbouring slots can share one. Going to 128 bytes per slot would rule that out at twice
 * the memory; at 64 bytes the producer-index CAS dominates under contention anyway. A slot is
 * published for claim number {@code n} when its sequence is {@code n + 1}: the sequence only
 * grows, so a value left from an earlier lap can never be mistaken for the current one. The
 * indices are padded too, so producers hammering the producer index do not invalidate the line
 * holding the consumer index.
 *
 * <p>{@link #published()} counts claims: a claimed slot is published as soon as its producer
 * runs its next few instructions, so the count runs ahead of what {@link #drain} can see only
 * by the slots being written at that instant. The consumer cannot tell a slow producer from
 * one that died between claim and publish (a thread stopped by an asynchronous error there);
 * it would wait at that slot for good, and the ring would then fill and drop. Nothing in
 * {@code publish} can throw between the two steps, so only errors raised by the JVM itself
 * (a stack overflow while the code is still interpreted) could cause that.
 */
public final class RingBuffer extends RingIndices {

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    /** Longs per slot (64 bytes); the offsets of the used ones follow. */
    static final int STRIDE = 8;
    private static final int SEQ = 0;
    private static final int TYPE = 1;
    private static final int A = 2;
    private static final int B = 3;
    private static final int C = 4;

    /**
     * The consumer frees slots to producers in steps of this many events, not one by one:
     * producers on a full ring read the consumer index on every attempt, so a store per event
     * would have to win that cache line back from them every time, slowing a drain severalfold
     * exactly when the ring is full. Small against any useful capacity; a power of two.
     */
    private static final int FREE_EVERY = 64;

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
        long claim = claim();
        if (claim < 0) {
            countDrop();
            return false;
        }
        commit(claim, type, a, b, c);
        return true;
    }

    /**
     * Claims the next slot, or returns -1 when the ring is full. Room is checked against the
     * consumer index before the CAS, so a full ring refuses instead of overwriting unread
     * events. Split from {@link #commit} so tests can stand in for a producer that is
     * descheduled between the two; both are small enough that the JIT inlines them.
     */
    long claim() {
        long claim;
        do {
            claim = producerIndex();
            if (claim - consumerIndex() > mask) {
                return -1;
            }
        } while (!casProducerIndex(claim, claim + 1));
        return claim;
    }

    /** Fills a claimed slot; the release store orders the plain writes before the consumer sees the sequence. */
    void commit(long claim, int type, long a, long b, long c) {
        int base = ((int) claim & mask) * STRIDE;
        slots[base + TYPE] = type;
        slots[base + A] = a;
        slots[base + B] = b;
        slots[base + C] = c;
        SEQUENCE.setRelease(slots, base + SEQ, claim + 1);
    }

    /**
     * Delivers up to {@code maxEvents} published events in claim order. Single consumer only:
     * the caller serialises drains. Stops early at a slot that is claimed but not yet published,
     * because the events behind it cannot be delivered without breaking claim order; the next
     * drain resumes there.
     *
     * <p>Nothing is caught here: if the handler throws, the event it was given counts as
     * consumed (the index is moved past it on the way out), so one bad event cannot wedge the
     * ring or be delivered twice, and the exception reaches the caller, who knows whether to
     * log it and drain again.
     *
     * @return the number of events delivered
     */
    public int drain(EventHandler handler, int maxEvents) {
        long first = consumerIndex();
        long next = first;
        try {
            while (next - first < maxEvents) {
                int base = ((int) next & mask) * STRIDE;
                if ((long) SEQUENCE.getAcquire(slots, base + SEQ) != next + 1) {
                    break; // empty, or claimed and not yet published
                }
                int type = (int) slots[base + TYPE];
                long a = slots[base + A];
                long b = slots[base + B];
                long c = slots[base + C];
                next++;
                if ((next & (FREE_EVERY - 1)) == 0) {
                    setConsumerIndex(next);
                }
                handler.onEvent(type, a, b, c);
            }
        } finally {
            setConsumerIndex(next);
        }
        return (int) (next - first);
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
