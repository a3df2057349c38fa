package io.memdiag.testapp;

import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.resources.ResourceTracker;

/** Stands for application code: outside the agent's packages, so it is an opening site. */
public final class Opener {

    private Opener() {
    }

    public static void open(ResourceTracker tracker, Object resource) {
        tracker.opened(ResourceKind.FILE_INPUT_STREAM_CODE, resource, "/tmp/x");
    }

    public static void allocateDirect(io.memdiag.core.buffers.DirectBufferTracker tracker, Object buffer, long bytes) {
        tracker.allocated(buffer, bytes);
    }

    /** Two opens on one source line: two bytecode indexes, one place to fix. */
    public static void openTwoOnOneLine(ResourceTracker tracker, Object a, Object b) {
        tracker.opened(ResourceKind.FILE_INPUT_STREAM_CODE, a, "/tmp/a"); tracker.opened(ResourceKind.FILE_INPUT_STREAM_CODE, b, "/tmp/b");
    }

    public static void openRandomAccessFile(ResourceTracker tracker, Object resource) {
        tracker.opened(ResourceKind.RANDOM_ACCESS_FILE_CODE, resource, "/tmp/r");
    }

    public static void openFromCaller(ResourceTracker tracker, Object resource) {
        open(tracker, resource);
    }
}
