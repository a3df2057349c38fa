package io.memdiag.core.resources;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open resources by identity, in a fixed array: lock-free and bounded. A resource lands in a
 * free slot within a short window starting at its identity hash; close searches the same
 * window for the entry that refers to it ({@link java.lang.ref.Reference#refersTo}). Because a
 * search always covers the whole window, removed entries leave no tombstones to manage. When the
 * window is full the open is not tracked and counted as overflow.
 */
final class ResourceTable {

    static final int WINDOW = 32;

    /**
     * Volatile reads and CAS on the slots, as an AtomicReferenceArray does them; a plain array
     * underneath so the report's scan of every slot can read plainly. Through the atomic array
     * that scan was a VarHandle call per slot, 65,536 of them, slow in the interpreter, where a
     * short program's final report runs: a sixth of that report's CPU in a profile.
     */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(TrackedResource[].class);

    private final TrackedResource[] slots;
    private final int mask;
    private final AtomicLong overflow = new AtomicLong();

    ResourceTable(int capacity) {
        int size = Integer.highestOneBit(Math.max(WINDOW, capacity - 1)) << 1;
        this.slots = new TrackedResource[size];
        this.mask = size - 1;
    }

    /** A free slot for a resource with this identity hash, reserved by the caller's CAS; -1 if none. */
    int freeSlot(int hash) {
        int start = spread(hash) & mask;
        for (int i = 0; i < WINDOW; i++) {
            int slot = (start + i) & mask;
            if (slot(slot) == null) {
                return slot;
            }
        }
        overflow.incrementAndGet();
        return -1;
    }

    boolean claim(int slot, TrackedResource r) {
        return SLOT.compareAndSet(slots, slot, null, r);
    }

    /** Removes and returns the entry for this resource, or null when it is not tracked. */
    TrackedResource remove(Object resource, int hash) {
        int start = spread(hash) & mask;
        for (int i = 0; i < WINDOW; i++) {
            int slot = (start + i) & mask;
            TrackedResource r = slot(slot);
            if (r != null && r.refersTo(resource) && SLOT.compareAndSet(slots, slot, r, null)) {
                return r;
            }
        }
        return null;
    }

    boolean contains(Object resource, int hash) {
        return find(resource, hash) != null;
    }

    /** The entry for this resource, or null when it is not tracked. */
    TrackedResource find(Object resource, int hash) {
        int start = spread(hash) & mask;
        for (int i = 0; i < WINDOW; i++) {
            TrackedResource r = slot((start + i) & mask);
            if (r != null && r.refersTo(resource)) {
                return r;
            }
        }
        return null;
    }

    /** Removes an entry whose resource was collected; false if close() already removed it. */
    boolean removeCollected(TrackedResource r) {
        return SLOT.compareAndSet(slots, r.slot, r, null);
    }

    long overflow() {
        return overflow.get();
    }

    int capacity() {
        return mask + 1;
    }

    private TrackedResource slot(int i) {
        return (TrackedResource) SLOT.getVolatile(slots, i);
    }

    /**
     * Oldest open time among tracked entries, or -1; a scan, so only for reports. Plain reads: an
     * entry added or removed during the scan may be seen or missed, as with any snapshot taken
     * while resources open and close.
     */
    long oldestOpenedAtMillis() {
        long oldest = Long.MAX_VALUE;
        for (TrackedResource r : slots) {
            if (r != null) {
                oldest = Math.min(oldest, r.openedAtMillis);
            }
        }
        return oldest == Long.MAX_VALUE ? -1 : oldest;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
