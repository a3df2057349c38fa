package io.memdiag.core.analysis;

/**
 * The closed set of verdicts a report can carry. Documented in src/site/markdown/report-format.md;
 * adding a kind is a change of the report contract.
 */
public enum VerdictKind {
    /** Live heap after GC keeps rising across GC cycles. */
    HEAP_LEAK,
    /** The process holds far more memory than it lives on; not a leak. */
    RETAINED,
    /** Files, sockets, channels opened and never closed (resource tracking). */
    RESOURCE_LEAK,
    /** Threads started and never ending (thread tracking). */
    THREAD_LEAK,
    /** Memory outside the Java heap that keeps growing. */
    NATIVE_GROWTH,
    /** RSS approaching the container's memory limit. */
    CONTAINER_RISK
}
