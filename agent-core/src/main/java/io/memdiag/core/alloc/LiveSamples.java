package io.memdiag.core.alloc;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sampled objects still held, in a fixed-size table written by application threads without
 * a lock. A new sample takes a free or dead slot among a few probed at random; when all of
 * them hold live samples, the smallest (the oldest among equals) is evicted and counted, so the
 * table never grows and a report can say how much it forgot.
 */
final class LiveSamples {

    private static final int PROBES = 8;

    private final AtomicReferenceArray<SampledObject> slots;
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    LiveSamples(int capacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Stores a sample; called on application threads. */
    void add(SampledObject sample) {
        int n = slots.length();
        int start = ThreadLocalRandom.current().nextInt(n);
        int victim = -1;
        SampledObject victimSample = null;
        for (int p = 0; p < PROBES && p < n; p++) {
            int i = (start + p) % n;
            SampledObject current = slots.get(i);
            if (current == null || current.dead()) {
                if (slots.compareAndSet(i, current, sample)) {
                    return;
                }
                continue;
            }
            if (victimSample == null || current.weight < victimSample.weight
                    || (current.weight == victimSample.weight && current.sequence < victimSample.sequence)) {
                victim = i;
                victimSample = current;
            }
        }
        if (victimSample != null && slots.compareAndSet(victim, victimSample, sample)) {
            evicted.incrementAndGet();
        } else {
            lost.incrementAndGet(); // raced on every probed slot: rare, counted
        }
    }

    /** Calls the visitor for each live sample; clears the slots of dead ones. Sampler thread. */
    void forEachLive(java.util.function.Consumer<SampledObject> visitor) {
        for (int i = 0; i < slots.length(); i++) {
            SampledObject s = slots.get(i);
            if (s == null) {
                continue;
            }
            if (s.dead()) {
                slots.compareAndSet(i, s, null);
            } else {
                visitor.accept(s);
            }
        }
    }

    int capacity() {
        return slots.length();
    }

    /** Live samples pushed out by newer ones because the table was full. */
    long evicted() {
        return evicted.get() + lost.get();
    }

    /** Drops every sample (stop). */
    void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }
}
