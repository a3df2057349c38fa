package io.memdiag.core.ring;

/**
 * Event type codes written into ring-buffer slots. Compile-time constants, so the bootstrap
 * bridge, which JDK classes call, carries the number, never a reference to this class.
 */
public final class EventType {
    /** A thread was started: a = thread id. */
    public static final int THREAD_START = 1;
    /** An allocation was sampled: a = site id, b = its size in bytes, c = the bytes it stands for. */
    public static final int ALLOC_SAMPLE = 2;

    /** The name reports use for a type code. */
    public static String name(int type) {
        switch (type) {
            case THREAD_START: return "THREAD_START";
            case ALLOC_SAMPLE: return "ALLOC_SAMPLE";
            default: return "TYPE_" + type;
        }
    }

    private EventType() {
    }
}
