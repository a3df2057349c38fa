package io.memdiag.core.resources;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Open resources by identity, lock-free and bounded. A resource lands in a free slot within a
 * short window starting at its identity hash; close searches the same window for the entry that
 * refers to it ({@link java.lang.ref.Reference#refersTo}). Because a search always covers the
 * whole window, removed entries leave no tombstones to manage. When the window is full the open
 * is not tracked and counted as overflow.
 *
 * <p>The slots are a chain of tables, each added only when every table before it had a full
 * window: the first holds {@link #FIRST_TABLE} slots, each later one as many as all before it,
 * up to the capacity. A program with a few hundred open files and sockets then carries a 16 KB
 * array instead of the whole capacity (256 KB at the default): on G1, which sizes the heap at
 * about three times the live data after a full collection, that is most of a megabyte of the
 * host's memory. Existing entries never move, so nothing is rehashed; a search visits the
 * window in each table added so far (one, or at most five at the default capacity).
 */
final class ResourceTable {

    static final int WINDOW = 32;

    static final int FIRST_TABLE = 4096;

    /**
     * Volatile reads and CAS on the slots, as an AtomicReferenceArray does them; plain arrays
     * underneath so the report's scan of every slot can read plainly. Through an atomic array
     * that scan was a VarHandle call per slot, slow in the interpreter, where a short program's
     * final report runs: a sixth of that report's CPU in a profile.
     */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(TrackedResource[].class);

    private final AtomicReferenceArray<TrackedResource[]> tables;
    private final int firstSize;
    private final int capacity;
    private final AtomicLong overflow = new AtomicLong();

    ResourceTable(int capacity) {
        this.capacity = Integer.highestOneBit(Math.max(WINDOW, capacity - 1)) << 1;
        this.firstSize = Math.min(FIRST_TABLE, this.capacity);
        // sizes f, f, 2f, 4f, ...: the sum of the first k+1 is f * 2^k, the capacity for the last
        this.tables = new AtomicReferenceArray<>(1 + Integer.numberOfTrailingZeros(this.capacity / firstSize));
        tables.set(0, new TrackedResource[firstSize]);
    }

    /**
     * A free slot for a resource with this identity hash, reserved by the caller's CAS; -1 if
     * none. Adds the next table when every table so far has a full window at this hash.
     */
    int freeSlot(int hash) {
        int start = spread(hash);
        for (int k = 0; k < tables.length(); k++) {
            TrackedResource[] t = tables.get(k);
            if (t == null) {
                tables.compareAndSet(k, null, new TrackedResource[sizeOf(k)]); // another thread may win: fine
                t = tables.get(k);
            }
            int mask = t.length - 1;
            for (int i = 0; i < WINDOW; i++) {
                int slot = (start + i) & mask;
                if (read(t, slot) == null) {
                    return offsetOf(k) + slot;
                }
            }
        }
        overflow.incrementAndGet();
        return -1;
    }

    boolean claim(int slot, TrackedResource r) {
        int k = tableOf(slot);
        return SLOT.compareAndSet(tables.get(k), slot - offsetOf(k), null, r);
    }

    /** Removes and returns the entry for this resource, or null when it is not tracked. */
    TrackedResource remove(Object resource, int hash) {
        int start = spread(hash);
        TrackedResource[] t;
        for (int k = 0; k < tables.length() && (t = tables.get(k)) != null; k++) {
            int mask = t.length - 1;
            for (int i = 0; i < WINDOW; i++) {
                int slot = (start + i) & mask;
                TrackedResource r = read(t, slot);
                if (r != null && r.refersTo(resource) && SLOT.compareAndSet(t, slot, r, null)) {
                    return r;
                }
            }
        }
        return null;
    }

    boolean contains(Object resource, int hash) {
        return find(resource, hash) != null;
    }

    /** The entry for this resource, or null when it is not tracked. */
    TrackedResource find(Object resource, int hash) {
        int start = spread(hash);
        TrackedResource[] t;
        for (int k = 0; k < tables.length() && (t = tables.get(k)) != null; k++) {
            int mask = t.length - 1;
            for (int i = 0; i < WINDOW; i++) {
                TrackedResource r = read(t, (start + i) & mask);
                if (r != null && r.refersTo(resource)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Removes an entry whose resource was collected; false if close() already removed it. */
    boolean removeCollected(TrackedResource r) {
        int k = tableOf(r.slot);
        return SLOT.compareAndSet(tables.get(k), r.slot - offsetOf(k), r, null);
    }

    long overflow() {
        return overflow.get();
    }

    /** Slots in all tables once every one is added: resources.max rounded up to a power of two. */
    int capacity() {
        return capacity;
    }

    /** Slots in the tables added so far. */
    int allocated() {
        int sum = 0;
        TrackedResource[] t;
        for (int k = 0; k < tables.length() && (t = tables.get(k)) != null; k++) {
            sum += t.length;
        }
        return sum;
    }

    /**
     * Oldest open time among tracked entries, or -1; a scan of the tables added so far, so only
     * for reports. Plain reads: an entry added or removed during the scan may be seen or missed,
     * as with any snapshot taken while resources open and close.
     */
    long oldestOpenedAtMillis() {
        long oldest = Long.MAX_VALUE;
        TrackedResource[] t;
        for (int k = 0; k < tables.length() && (t = tables.get(k)) != null; k++) {
            for (TrackedResource r : t) {
                if (r != null) {
                    oldest = Math.min(oldest, r.openedAtMillis);
                }
            }
        }
        return oldest == Long.MAX_VALUE ? -1 : oldest;
    }

    private int sizeOf(int k) {
        return k == 0 ? firstSize : firstSize << (k - 1);
    }

    /** Where table k's slots start in the numbering across tables: after all before it, which hold as many. */
    private int offsetOf(int k) {
        return k == 0 ? 0 : firstSize << (k - 1);
    }

    private int tableOf(int slot) {
        return 32 - Integer.numberOfLeadingZeros(slot / firstSize);
    }

    private static TrackedResource read(TrackedResource[] t, int i) {
        return (TrackedResource) SLOT.getVolatile(t, i);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
