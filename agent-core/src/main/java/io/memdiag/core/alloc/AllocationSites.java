package io.memdiag.core.alloc;

import java.util.HashMap;
import java.util.Map;

/**
 * The allocation sites the instrumentation has named, by id. Ids are dense and start at 1, so
 * the hooks can index arrays with them. Capped: past the cap, an instruction is left
 * uninstrumented and counted, never tracked in an unbounded table.
 *
 * <p>Compact, because a large application has tens of thousands of allocation instructions and
 * each is named when its class loads, whether it ever runs or not: a site is an int and two
 * shared references in parallel arrays (about 12 bytes), and each class one small record.
 * Strings are shared: a class's name and source file, a method's name, each type name.
 *
 * <p>A class registered again (retransformed, or the same class loaded by another loader) keeps
 * its ids: instrumentation visits a class's allocations in the same order each time, so the
 * n-th allocation visited gets the class's n-th id.
 */
public final class AllocationSites {

    /** A class's site indexes, in the order its allocations are visited. */
    private static final class ClassSites {
        final String className;
        final String file;
        int[] ids = new int[4];
        int count;

        ClassSites(String className, String file) {
            this.className = className;
            this.file = file;
        }
    }

    private final int capacity;
    private final ClassSites[] classOf;
    private final String[] methodOf;
    private final String[] typeOf;
    private final int[] lineOf;
    private final Map<String, ClassSites> byClass = new HashMap<>();
    private final Map<String, String> sharedNames = new HashMap<>();
    private int next = 1;
    private long refused;

    /**
     * Ids carry their table's generation above this many bits; below them, the index into the
     * table. The bootstrap's {@code Allocations} (which cannot see this module) uses the same split.
     */
    static final int INDEX_BITS = 16;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;

    private final int generationBits;

    public AllocationSites(int capacity) {
        this(capacity, 0);
    }

    /**
     * @param generation which agent's table this is (1..32767; 0 in tests): its ids carry it, so
     *                   an id an earlier agent left in a class's hooks is recognised as not ours
     */
    public AllocationSites(int capacity, int generation) {
        if (capacity > 1 << INDEX_BITS || generation < 0 || generation > Short.MAX_VALUE) {
            throw new IllegalArgumentException("capacity " + capacity + ", generation " + generation);
        }
        this.generationBits = generation << INDEX_BITS;
        this.capacity = capacity;
        this.classOf = new ClassSites[capacity];
        this.methodOf = new String[capacity];
        this.typeOf = new String[capacity];
        this.lineOf = new int[capacity];
    }

    /** Starts naming the allocations of one class, in the order they are visited. */
    public Visit visit(String className, String file) {
        synchronized (this) {
            ClassSites c = byClass.get(className);
            if (c == null) {
                c = new ClassSites(shared(className), file == null ? null : shared(file));
                byClass.put(className, c);
            }
            return new Visit(c);
        }
    }

    /** One pass over a class: {@link #next} names its allocations one after the other. */
    public final class Visit {
        private final ClassSites sites;
        private int ordinal;

        private Visit(ClassSites sites) {
            this.sites = sites;
        }

        /** The id of the next allocation of this class, or -1 when the table is full. */
        public int next(String method, int line, String type) {
            synchronized (AllocationSites.this) {
                int n = ordinal++;
                int index;
                if (n < sites.count) {
                    index = sites.ids[n];
                } else if (next < capacity) {
                    index = next++;
                    if (sites.count == sites.ids.length) {
                        sites.ids = java.util.Arrays.copyOf(sites.ids, sites.count * 2);
                    }
                    sites.ids[sites.count++] = index;
                    classOf[index] = sites;
                } else {
                    refused++;
                    return -1;
                }
                methodOf[index] = shared(method);
                lineOf[index] = line;
                typeOf[index] = shared(type);
                return generationBits | index;
            }
        }
    }

    /** The site with this id, or null. */
    public synchronized AllocationSite get(int id) {
        int index = id & INDEX_MASK;
        if (!names(id) || index == 0 || index >= next || methodOf[index] == null) {
            return null;
        }
        ClassSites c = classOf[index];
        return new AllocationSite(id, c.className, methodOf[index], c.file, lineOf[index], typeOf[index]);
    }

    /** Whether the id is of this table's generation, not one an earlier agent left in a class's hooks. */
    public boolean names(int id) {
        return (id & ~INDEX_MASK) == generationBits;
    }

    /** One copy of each name, so thousands of sites of one type or class hold one string. */
    private String shared(String name) {
        String s = sharedNames.putIfAbsent(name, name);
        return s == null ? name : s;
    }

    public int capacity() {
        return capacity;
    }

    /** Sites named so far. */
    public synchronized int size() {
        return next - 1;
    }

    /** Instructions left uninstrumented because the table was full. */
    public synchronized long refused() {
        return refused;
    }
}
