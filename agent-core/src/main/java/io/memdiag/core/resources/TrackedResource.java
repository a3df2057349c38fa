package io.memdiag.core.resources;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * One open resource. A phantom reference, so tracking never keeps the resource alive nor
 * resurrects it; when the resource becomes unreachable while still in the table, it was
 * garbage-collected without close(): a leak, even if the JDK's cleaner closes the descriptor later.
 */
final class TrackedResource extends PhantomReference<Object> {

    final Site site;
    /** A path, or a socket's address once it connects or binds. */
    volatile String description;
    final long openedAtMillis;
    final long threadId;
    final int slot;

    TrackedResource(Object resource, ReferenceQueue<Object> queue, Site site, String description, long threadId, int slot) {
        super(resource, queue);
        this.site = site;
        this.description = description;
        this.openedAtMillis = System.currentTimeMillis();
        this.threadId = threadId;
        this.slot = slot;
    }
}
