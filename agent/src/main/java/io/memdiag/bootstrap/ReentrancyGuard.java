package io.memdiag.bootstrap;

/**
 * Keeps the agent from observing itself. A hook runs only when its thread is not already
 * inside a hook (stack capture, class loading or logging inside a hook would otherwise
 * recurse), and never on the agent's own threads, which enter the guard once and never leave.
 *
 * <p>A per-thread counter in a one-element array: after the first call on a thread, entering
 * and leaving allocate nothing.
 */
public final class ReentrancyGuard {

    /** Depth given to agent threads: they are permanently "inside". */
    private static final int AGENT_THREAD = 1 << 30;

    /** An anonymous subclass rather than a lambda: no invokedynamic bootstrap inside the boot loader. */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    private ReentrancyGuard() {
    }

    /** True when the caller may run a hook; it must then call {@link #exit()} in a finally. */
    public static boolean enter() {
        int[] depth = DEPTH.get();
        if (depth[0] != 0) {
            return false;
        }
        depth[0] = 1;
        return true;
    }

    public static void exit() {
        DEPTH.get()[0] = 0;
    }

    /** Marks the calling thread as the agent's own: no hook ever fires on it. */
    public static void markAgentThread() {
        DEPTH.get()[0] = AGENT_THREAD;
    }

    public static boolean isAgentThread() {
        return DEPTH.get()[0] == AGENT_THREAD;
    }
}
