package io.memdiag.core.resources;

import io.memdiag.core.history.CountHistory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One place in the application's code that opens resources: the first frame outside the JDK
 * and the agent, as {@code pkg.Class.method(File.java:line)}, with counters and one
 * representative stack (captured at most once per {@link #STACK_EVERY_NANOS} per site, so a
 * hot loop opening files does not pay for a full stack every time).
 */
public final class Site {

    static final long STACK_EVERY_NANOS = 1_000_000_000L;

    private final String frame;
    private final ResourceKind kind;
    final AtomicLong opened = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong collectedUnclosed = new AtomicLong();
    private volatile List<String> stack = List.of();
    /** What one resource from here was: a path, an address, a type. The first one seen. */
    private volatile String example;
    /** Open counts at the last reports. */
    static final int HISTORY = 8;
    final CountHistory openHistory = new CountHistory(HISTORY);
    private volatile long stackCapturedAt;

    Site(String frame, ResourceKind kind) {
        this.frame = frame;
        this.kind = kind;
    }

    public String frame() {
        return frame;
    }

    public ResourceKind kind() {
        return kind;
    }

    public long opened() {
        return opened.get();
    }

    public long closed() {
        return closed.get();
    }

    /** Resources from this site that were garbage-collected while still open: leaks. */
    public long collectedUnclosed() {
        return collectedUnclosed.get();
    }

    /** Opened and neither closed nor collected yet. */
    public long openNow() {
        return Math.max(0, opened.get() - closed.get() - collectedUnclosed.get());
    }

    public List<String> stack() {
        return stack;
    }

    public String example() {
        return example;
    }

    /** A later, better description (a socket's address) replaces the example. */
    void describe(String description) {
        if (description != null && !description.isEmpty()) {
            example = description.length() > 200 ? description.substring(0, 200) : description;
        }
    }

    void example(String description) {
        if (example == null && description != null && !description.isEmpty()) {
            example = description.length() > 200 ? description.substring(0, 200) : description;
        }
    }


    /** True when this open should capture a stack: the first time, then once a second at most. */
    boolean wantsStack(long now) {
        long last = stackCapturedAt;
        return (last == 0 || now - last >= STACK_EVERY_NANOS) && now != last;
    }

    void stack(List<String> frames, long now) {
        this.stack = frames;
        this.stackCapturedAt = now == 0 ? 1 : now;
    }
}
