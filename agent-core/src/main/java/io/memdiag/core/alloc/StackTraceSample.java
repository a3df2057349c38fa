package io.memdiag.core.alloc;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One distinct stack that led to a sampled allocation, with the estimated bytes allocated
 * through it. Formatted once, when first seen.
 */
final class StackTraceSample {

    final int site;
    final List<String> frames;
    /** The thread that took this stack first. */
    final String thread;
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong samples = new AtomicLong();

    StackTraceSample(int site, List<String> frames, String thread) {
        this.site = site;
        this.frames = frames;
        this.thread = thread;
    }
}
