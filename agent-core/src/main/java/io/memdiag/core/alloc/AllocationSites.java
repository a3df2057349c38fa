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

    /** A class's site ids, in the order its allocations are visited. */
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

    public AllocationSites(int capacity) {
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
                int id;
                if (n < sites.count) {
                    id = sites.ids[n];
                } else if (next < capacity) {
                    id = next++;
                    if (sites.count == sites.ids.length) {
                        sites.ids = java.util.Arrays.copyOf(sites.ids, sites.count * 2);
                    }
                    sites.ids[sites.count++] = id;
                    classOf[id] = sites;
                } else {
                    refused++;
                    return -1;
                }
                methodOf[id] = shared(method);
                lineOf[id] = line;
                typeOf[id] = shared(type);
                return id;
            }
        }
    }

    /** The site with this id, or null. */
    public synchronized AllocationSite get(int id) {
        if (id <= 0 || id >= next || methodOf[id] == null) {
            return null;
        }
        ClassSites c = classOf[id];
        return new AllocationSite(id, c.className, methodOf[id], c.file, lineOf[id], typeOf[id]);
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
