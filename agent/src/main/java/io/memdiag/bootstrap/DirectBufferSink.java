package io.memdiag.bootstrap;

/** Receives direct ByteBuffer allocations, on the allocating thread. Must not throw. */
public interface DirectBufferSink {

    void allocated(Object buffer, long bytes);
}
