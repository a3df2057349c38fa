package io.memdiag.core.ring;

/** Receives drained events on the consumer (sampler) thread. */
@FunctionalInterface
public interface EventHandler {
    void onEvent(int type, long a, long b, long c);
}
