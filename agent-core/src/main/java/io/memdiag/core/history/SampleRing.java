package io.memdiag.core.history;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.util.AbstractList;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Samples stored as columns of primitives instead of three objects each ({@link SampleHistory}
 * keeps two of these rings: the recent samples and the thinned older ones).
 *
 * <p>Why: an hour of samples (3,600 at the default interval) as {@link MemorySample},
 * {@link ProcessMemory} and {@link CgroupMemory} records held about 880 KB of the agent's 2.2 MB
 * of live heap, the largest part of it (JDK 25 class histograms at 3,600 samples); G1 sizes the
 * committed heap as a multiple of live data, so each MB kept became more in RSS. A sample here
 * is 23 longs, one in each column, and one reference to a shared path string: about 190 bytes
 * against about 240. Columns rather than one array of rows: a long history's rows in one array
 * (an hour's would be 660 KB) would be a humongous object for G1 at the 1 MB regions of a small
 * heap, taking a whole region, and so would each report's copy of it.
 *
 * <p>Lossless: {@link #snapshot} gives back samples equal to the ones added, except that only the
 * newest keeps its per-pool non-heap breakdown (their total stays on every sample), which only
 * the newest sample's report shows. The newest sample is kept as the object it came as.
 *
 * <p>Not thread-safe: {@link History} guards it.
 */
final class SampleRing {

    private static final int EPOCH = 0;
    private static final int UPTIME = 1;
    private static final int HEAP_USED = 2;
    private static final int HEAP_COMMITTED = 3;
    private static final int HEAP_MAX = 4;
    private static final int LIVE_AFTER_GC = 5;
    private static final int NON_HEAP_COMMITTED = 6;
    private static final int DIRECT = 7;
    private static final int MAPPED = 8;
    private static final int THREADS = 9;
    private static final int RSS = 10;
    private static final int RSS_ANON = 11;
    private static final int RSS_FILE = 12;
    private static final int RSS_SHMEM = 13;
    private static final int SWAP = 14;
    private static final int HWM = 15;
    private static final int PSS = 16;
    private static final int OPEN_FDS = 17;
    private static final int FD_LIMIT = 18;
    /** 0 when the sample has no cgroup, else its version (1 or 2). */
    private static final int CGROUP_VERSION = 19;
    private static final int CGROUP_LIMIT = 20;
    private static final int CGROUP_USAGE = 21;
    private static final int CGROUP_OOM_KILLS = 22;
    static final int FIELDS = 23;

    private final int capacity;
    /** columns[field][slot] */
    private long[][] columns;
    /** The cgroup path of each sample; equal paths share one string. */
    private String[] cgroupPaths;
    /** Slot of the oldest sample. */
    private int head;
    private int size;
    private MemorySample newest;

    SampleRing(int capacity) {
        this.capacity = capacity;
        // grown on demand: a short run or a small history.samples needs little
        int initial = Math.min(capacity, 1024);
        this.columns = new long[FIELDS][initial];
        this.cgroupPaths = new String[initial];
    }

    void add(MemorySample sample) {
        if (size == capacity) {
            head = (head + 1) % capacity;
            size--;
        } else if (size == cgroupPaths.length) {
            grow();
        }
        int slot = (head + size) % cgroupPaths.length;
        write(slot, sample);
        size++;
        newest = sample;
    }

    /** The samples, oldest first, as a list independent of later additions. */
    Window snapshot() {
        long[][] copy = new long[FIELDS][];
        for (int field = 0; field < FIELDS; field++) {
            copy[field] = inOrder(columns[field], new long[size]);
        }
        return new Window(copy, inOrder(cgroupPaths, new String[size]), size, newest);
    }

    int size() {
        return size;
    }

    /** The oldest sample (without its pool breakdown unless it is also the newest), or null when empty. */
    MemorySample oldest() {
        if (size == 0) {
            return null;
        }
        return size == 1 ? newest : sampleAt(columns, cgroupPaths, head);
    }

    private static MemorySample sampleAt(long[][] c, String[] paths, int i) {
        ProcessMemory process = new ProcessMemory(c[RSS][i], c[RSS_ANON][i], c[RSS_FILE][i], c[RSS_SHMEM][i], c[SWAP][i], c[HWM][i], c[PSS][i]);
        CgroupMemory cgroup = c[CGROUP_VERSION][i] == 0 ? null
                : new CgroupMemory((int) c[CGROUP_VERSION][i], paths[i], c[CGROUP_LIMIT][i], c[CGROUP_USAGE][i], c[CGROUP_OOM_KILLS][i]);
        return new MemorySample(c[EPOCH][i], c[UPTIME][i], c[HEAP_USED][i], c[HEAP_COMMITTED][i], c[HEAP_MAX][i], c[LIVE_AFTER_GC][i],
                c[NON_HEAP_COMMITTED][i], Map.of(), c[DIRECT][i], c[MAPPED][i], (int) c[THREADS][i], process, c[OPEN_FDS][i], c[FD_LIMIT][i],
                cgroup);
    }

    private void grow() {
        int length = Math.min(capacity, cgroupPaths.length * 2);
        for (int field = 0; field < FIELDS; field++) {
            columns[field] = inOrder(columns[field], new long[length]);
        }
        cgroupPaths = inOrder(cgroupPaths, new String[length]);
        head = 0;
    }

    /** Copies a column's {@code size} values, oldest first, to the start of {@code to} (an array of the same type). */
    private <T> T inOrder(T from, T to) {
        int stored = cgroupPaths.length; // every column has this length
        int firstPart = Math.min(size, stored - head);
        System.arraycopy(from, head, to, 0, firstPart);
        System.arraycopy(from, 0, to, firstPart, size - firstPart);
        return to;
    }

    private void write(int slot, MemorySample s) {
        columns[EPOCH][slot] = s.epochMillis();
        columns[UPTIME][slot] = s.uptimeMillis();
        columns[HEAP_USED][slot] = s.heapUsed();
        columns[HEAP_COMMITTED][slot] = s.heapCommitted();
        columns[HEAP_MAX][slot] = s.heapMax();
        columns[LIVE_AFTER_GC][slot] = s.liveAfterGc();
        columns[NON_HEAP_COMMITTED][slot] = s.nonHeapCommitted();
        columns[DIRECT][slot] = s.directBuffers();
        columns[MAPPED][slot] = s.mappedBuffers();
        columns[THREADS][slot] = s.threads();
        ProcessMemory p = s.process();
        columns[RSS][slot] = p.rss();
        columns[RSS_ANON][slot] = p.rssAnon();
        columns[RSS_FILE][slot] = p.rssFile();
        columns[RSS_SHMEM][slot] = p.rssShmem();
        columns[SWAP][slot] = p.swap();
        columns[HWM][slot] = p.hwm();
        columns[PSS][slot] = p.pss();
        columns[OPEN_FDS][slot] = s.openFds();
        columns[FD_LIMIT][slot] = s.fdLimit();
        CgroupMemory c = s.cgroup();
        columns[CGROUP_VERSION][slot] = c == null ? 0 : c.version();
        columns[CGROUP_LIMIT][slot] = c == null ? 0 : c.limit();
        columns[CGROUP_USAGE][slot] = c == null ? 0 : c.usage();
        columns[CGROUP_OOM_KILLS][slot] = c == null ? 0 : c.oomKills();
        cgroupPaths[slot] = c == null ? null : shared(c.path(), slot);
    }

    /** The previous sample's path string when equal, so an hour of samples holds one copy. */
    private String shared(String path, int slot) {
        if (size == 0) {
            return path;
        }
        String previous = cgroupPaths[(slot - 1 + cgroupPaths.length) % cgroupPaths.length];
        return path.equals(previous) ? previous : path;
    }

    /**
     * Samples, oldest first, made from a copy of the columns when asked for: the analyses read an
     * hour of samples once a report, most of them for a few fields, and the objects die young.
     */
    static final class Window extends AbstractList<MemorySample> implements RandomAccess {
        private final long[][] columns;
        private final String[] paths;
        private final int size;
        private final MemorySample newest;

        private Window(long[][] columns, String[] paths, int size, MemorySample newest) {
            this.columns = columns;
            this.paths = paths;
            this.size = size;
            this.newest = newest;
        }

        @Override
        public MemorySample get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("sample " + index + " of " + size);
            }
            if (index == size - 1) {
                return newest;
            }
            return sampleAt(columns, paths, index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
