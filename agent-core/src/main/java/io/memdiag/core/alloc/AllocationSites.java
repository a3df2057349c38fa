package io.memdiag.core.alloc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The allocation sites the instrumentation has named, by id. Ids are dense and start at 1, so
 * the hooks can index arrays with them. Capped: past the cap, an instruction is left
 * uninstrumented and counted, never tracked in an unbounded table.
 *
 * <p>The same instruction registered again (its class retransformed, or the same class loaded
 * by another loader) keeps its id.
 */
public final class AllocationSites {

    private final int capacity;
    private final AtomicReferenceArray<AllocationSite> byId;
    private final ConcurrentHashMap<String, Integer> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);
    private final AtomicLong refused = new AtomicLong();

    public AllocationSites(int capacity) {
        this.capacity = capacity;
        this.byId = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Names an allocation instruction.
     *
     * @param ordinal the instruction's position among the method's allocations (keeps two
     *                allocations on one line apart)
     * @return its id, or -1 when the table is full (the instruction stays uninstrumented)
     */
    public int register(String className, String method, String descriptor, int ordinal, String file, int line, String type) {
        String key = className + '.' + method + descriptor + '#' + ordinal;
        Integer known = byKey.get(key);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = byKey.get(key);
            if (known != null) {
                return known;
            }
            int id = next.get();
            if (id >= capacity) {
                refused.incrementAndGet();
                return -1;
            }
            byId.set(id, new AllocationSite(id, className, method, file, line, type));
            byKey.put(key, id);
            next.set(id + 1);
            return id;
        }
    }

    /** The site with this id, or null. */
    public AllocationSite get(int id) {
        return id > 0 && id < capacity ? byId.get(id) : null;
    }

    public int capacity() {
        return capacity;
    }

    /** Sites named so far. */
    public int size() {
        return next.get() - 1;
    }

    /** Instructions left uninstrumented because the table was full. */
    public long refused() {
        return refused.get();
    }
}
