package io.memdiag.agent;

import io.memdiag.bootstrap.ResourceSink;
import io.memdiag.core.resources.ResourceTracker;

/** Connects the bootstrap bridge's resource hooks to the engine's tracker. */
public final class TrackerSink implements ResourceSink {

    private final ResourceTracker tracker;
    private final Runnable onExhausted;

    /** @param onExhausted asks the engine for an immediate report; must not block */
    public TrackerSink(ResourceTracker tracker, Runnable onExhausted) {
        this.tracker = tracker;
        this.onExhausted = onExhausted;
    }

    @Override
    public void described(Object resource, String description) {
        tracker.described(resource, description);
    }

    @Override
    public void exhausted() {
        tracker.exhausted();
        onExhausted.run();
    }

    @Override
    public void opened(int kind, Object resource, String description) {
        tracker.opened(kind, resource, description);
    }

    @Override
    public void closed(Object resource) {
        tracker.closed(resource);
    }
}
