package io.memdiag.agent;

import io.memdiag.bootstrap.EventSink;
import io.memdiag.core.ring.RingBuffer;

/** Connects the bootstrap bridge to the engine's ring buffer: one interface call, no allocation. */
final class RingSink implements EventSink {

    private final RingBuffer ring;

    RingSink(RingBuffer ring) {
        this.ring = ring;
    }

    @Override
    public boolean publish(int type, long a, long b, long c) {
        return ring.publish(type, a, b, c);
    }
}
