package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * Generates GC and sample series shaped like what G1 reports, deterministically (seeded):
 * young collections whose heap-after is live data plus promoted garbage that accumulates in the
 * old generation until a periodic old-generation reclamation clears it.
 */
final class Series {

    static final long MB = 1024L * 1024;
    static final long GB = 1024 * MB;

    final List<GcPoint> gc = new ArrayList<>();
    final List<MemorySample> samples = new ArrayList<>();

    /**
     * @param durationMs     length of the run
     * @param gcEveryMs      time between young collections
     * @param live           live bytes at a time (the truth)
     * @param garbagePerGc   promoted garbage added to the old generation per young collection
     * @param reclaimEvery   every this many collections the old generation's garbage is reclaimed
     * @param noise          amplitude of random noise on the heap after GC
     * @param seed           for the noise
     */
    static Series g1(long durationMs, long gcEveryMs, LongUnaryOperator live, long garbagePerGc, int reclaimEvery,
                     long noise, long seed) {
        Series s = new Series();
        Random r = new Random(seed);
        long garbage = 0;
        int n = 0;
        for (long t = gcEveryMs; t <= durationMs; t += gcEveryMs, n++) {
            boolean reclaim = reclaimEvery > 0 && n % reclaimEvery == reclaimEvery - 1;
            garbage = reclaim ? 0 : garbage + garbagePerGc;
            long jitter = noise == 0 ? 0 : (long) ((r.nextDouble() * 2 - 1) * noise);
            long after = Math.max(1, live.applyAsLong(t) + garbage + jitter);
            long old = Math.max(0, after - 2 * MB);
            s.gc.add(new GcPoint(t, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 5,
                    after + 50 * MB, after, after * 2, old, false));
        }
        return s;
    }

    /** Samples every {@code everyMs}: heap used between the floor and the committed size. */
    Series samples(long durationMs, long everyMs, long committed, long max, long rss) {
        for (long t = everyMs; t <= durationMs; t += everyMs) {
            long live = liveAt(t);
            Map<String, Long> pools = new HashMap<>();
            pools.put("Metaspace", 40 * MB);
            samples.add(new MemorySample(1_700_000_000_000L + t, t, live + 10 * MB, committed, max, live, 60 * MB, pools,
                    0, 0, 20, rss < 0 ? ProcessMemory.UNAVAILABLE : new ProcessMemory(rss, rss - 30 * MB, 30 * MB, 0, 0, rss, rss),
                    50, 1024, null));
        }
        return this;
    }

    /** Sets heap used of the samples in [from, to) to {@code used}. */
    Series used(long from, long to, long used) {
        for (int i = 0; i < samples.size(); i++) {
            MemorySample m = samples.get(i);
            if (m.uptimeMillis() >= from && m.uptimeMillis() < to) {
                samples.set(i, new MemorySample(m.epochMillis(), m.uptimeMillis(), used, m.heapCommitted(), m.heapMax(),
                        m.liveAfterGc(), m.nonHeapCommitted(), m.nonHeapPools(), m.directBuffers(), m.mappedBuffers(),
                        m.threads(), m.process(), m.openFds(), m.fdLimit(), m.cgroup()));
            }
        }
        return this;
    }

    long liveAt(long t) {
        long best = -1;
        for (GcPoint p : gc) {
            if (p.uptimeMillis() <= t) {
                best = p.heapUsedAfter();
            }
        }
        return best < 0 ? 10 * MB : best;
    }

    /** As production builds it: the GC points pass through a History, which marks reclamations. */
    AnalysisInput input(JvmFacts jvm) {
        return new AnalysisInput(samples, throughHistory(4096), jvm);
    }

    List<GcPoint> throughHistory(int capacity) {
        io.memdiag.core.history.History h = new io.memdiag.core.history.History(10, capacity);
        gc.forEach(h::addGc);
        return h.gcPoints();
    }

    static JvmFacts g1Jdk17(long initialHeap, long maxHeap, boolean xmsGiven) {
        Map<String, String> flags = new HashMap<>();
        flags.put("G1PeriodicGCInterval", "0");
        flags.put("MinHeapFreeRatio", "40");
        flags.put("MaxHeapFreeRatio", "70");
        flags.put("SoftMaxHeapSize", String.valueOf(maxHeap));
        flags.put("TrimNativeHeapInterval", "0");
        flags.put("InitialHeapSize", String.valueOf(initialHeap));
        flags.put("MaxHeapSize", String.valueOf(maxHeap));
        flags.put(JvmFacts.INITIAL_HEAP_ORIGIN, xmsGiven ? "VM_CREATION" : "ERGONOMIC");
        return new JvmFacts(17, "17.0.15", JvmFacts.Collector.G1, List.of("G1 Young Generation", "G1 Old Generation"),
                initialHeap, maxHeap, flags, null, true);
    }
}
