package io.memdiag.agent;

import io.memdiag.bootstrap.ResourceSink;
import io.memdiag.core.resources.ResourceTracker;

/** Connects the bootstrap bridge's resource hooks to the engine's tracker. */
final class TrackerSink implements ResourceSink {

    private final ResourceTracker tracker;

    TrackerSink(ResourceTracker tracker) {
        this.tracker = tracker;
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
