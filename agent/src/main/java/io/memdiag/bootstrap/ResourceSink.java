package io.memdiag.bootstrap;

/**
 * Receives resource opens and closes from the hooks. Implemented by the engine's resource
 * tracker; declared here for the same reason as {@link EventSink}. Must not throw.
 */
public interface ResourceSink {

    void opened(int kind, Object resource, String description);

    void closed(Object resource);

    /** A tracked resource learned what it is connected to or bound at (a socket's address). */
    void described(Object resource, String description);

    /** An open failed with "Too many open files": the process is out of descriptors. */
    void exhausted();
}
