package io.memdiag.core.alloc;

import java.lang.ref.WeakReference;

/**
 * A sampled allocation, holding its object weakly: while the object is reachable the sample
 * counts toward its site's live bytes; the collector clearing the reference is its death.
 */
final class SampledObject extends WeakReference<Object> {

    final int site;
    /** The object's own size in bytes. */
    final long size;
    /** The estimated bytes this sample stands for (its weight). */
    final long weight;
    /** When it was sampled, for evicting the oldest first. */
    final long sequence;
    final StackTraceSample stack;

    SampledObject(Object referent, int site, long size, long weight, long sequence, StackTraceSample stack) {
        super(referent);
        this.site = site;
        this.size = size;
        this.weight = weight;
        this.sequence = sequence;
        this.stack = stack;
    }

    boolean dead() {
        return refersTo(null);
    }
}
