package io.memdiag.bootstrap;

/** Receives every application thread start, on the starting thread. Must not throw. */
public interface ThreadSink {

    void started(Thread thread);
}
