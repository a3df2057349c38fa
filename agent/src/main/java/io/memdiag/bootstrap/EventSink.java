package io.memdiag.bootstrap;

/**
 * The one call the hooks make into the agent. Implemented by the engine (in the agent's
 * isolated class loader) and installed into {@link Bridge}; declared here, on the bootstrap
 * class path, because code inlined into java.* classes can only see the bootstrap loader.
 */
public interface EventSink {

    /** Publishes an event; false when it was dropped. Must not block, allocate or throw. */
    boolean publish(int type, long a, long b, long c);
}
