package io.memdiag.core.ring;

/**
 * Event type codes written into ring-buffer slots. Compile-time constants, so advice inlined
 * into JDK classes carries the number, never a reference to this class.
 */
public final class EventType {
    /** A thread was started: a = thread id. */
    public static final int THREAD_START = 1;

    /** The name reports use for a type code. */
    public static String name(int type) {
        switch (type) {
            case THREAD_START: return "THREAD_START";
            default: return "TYPE_" + type;
        }
    }

    private EventType() {
    }
}
