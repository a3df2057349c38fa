package io.memdiag.testsites;

import io.memdiag.core.threads.ThreadTracker;

/**
 * Application-side callers for ThreadTrackerTest: outside io.memdiag.core, whose frames the
 * tracker skips as the agent's own. Line numbers matter here; the tests name them.
 */
public final class Starters {

    private Starters() {
    }

    /** Every start from one frame. */
    public static void fromOneFrame(ThreadTracker tracker, int count) {
        for (int i = 0; i < count; i++) {
            tracker.started(new Thread(() -> { }));
        }
    }

    /** Two starts on one line: two bytecode indexes, one site. */
    public static void twoOnOneLine(ThreadTracker tracker) {
        tracker.started(new Thread(() -> { })); tracker.started(new Thread(() -> { }));
    }
}
