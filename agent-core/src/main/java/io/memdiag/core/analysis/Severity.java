package io.memdiag.core.analysis;

/** How urgently an operator should act on a verdict. */
public enum Severity {
    /** Explains memory use; nothing is wrong. */
    INFO,
    /** Something grows that should not; act before it hurts. */
    WARNING,
    /** The process will run out of memory soon at the current rate. */
    CRITICAL
}
