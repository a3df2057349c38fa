package io.memdiag.core.history;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded memory of the agent: recent samples plus GC cycles spanning the whole run.
 *
 * <p>Samples are a plain ring: only the recent ones matter for "is memory held right now".
 * GC cycles are what a leak trend is computed from, so they must cover the whole run even
 * after weeks. When the GC table is full its older half is compacted: adjacent pairs merge
 * into the point with the lower heap-after-GC (the floor is the honest live estimate), so
 * old history keeps its span at a coarser resolution and memory stays fixed.
 *
 * <p>Written by the sampler thread (samples) and the JVM's GC notification thread (GC
 * points); never by application threads, so a monitor is acceptable here.
 */
public final class History {

    private final int sampleCapacity;
    private final int gcCapacity;
    private final ArrayDeque<MemorySample> samples;
    private final ArrayList<GcPoint> gcPoints;
    private long gcCyclesSeen;
    private long gcPointsCompacted;
    private GcPoint lastGc;

    public History(int sampleCapacity, int gcCapacity) {
        if (sampleCapacity < 1 || gcCapacity < 4) {
            throw new IllegalArgumentException("capacities too small: " + sampleCapacity + ", " + gcCapacity);
        }
        this.sampleCapacity = sampleCapacity;
        this.gcCapacity = gcCapacity;
        this.samples = new ArrayDeque<>(Math.min(sampleCapacity, 1024));
        this.gcPoints = new ArrayList<>(Math.min(gcCapacity, 1024));
    }

    public synchronized void addSample(MemorySample sample) {
        if (samples.size() == sampleCapacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    public synchronized void addGc(GcPoint point) {
        gcCyclesSeen++;
        lastGc = point;
        if (gcPoints.size() == gcCapacity) {
            compactOlderHalf();
        }
        gcPoints.add(point);
    }

    private void compactOlderHalf() {
        int half = gcPoints.size() / 2;
        List<GcPoint> merged = new ArrayList<>(gcCapacity);
        for (int i = 0; i + 1 < half; i += 2) {
            GcPoint a = gcPoints.get(i);
            GcPoint b = gcPoints.get(i + 1);
            merged.add(a.heapUsedAfter() <= b.heapUsedAfter() ? a : b);
            gcPointsCompacted++;
        }
        if (half % 2 == 1) {
            merged.add(gcPoints.get(half - 1));
        }
        merged.addAll(gcPoints.subList(half, gcPoints.size()));
        gcPoints.clear();
        gcPoints.addAll(merged);
    }

    /** Samples, oldest first (a copy). */
    public synchronized List<MemorySample> samples() {
        return new ArrayList<>(samples);
    }

    /** GC points, oldest first (a copy). */
    public synchronized List<GcPoint> gcPoints() {
        return new ArrayList<>(gcPoints);
    }

    /** The heap after the most recent GC, or -1 before the first. */
    public synchronized long lastLiveAfterGc() {
        return lastGc == null ? -1 : lastGc.heapUsedAfter();
    }

    public synchronized long gcCyclesSeen() {
        return gcCyclesSeen;
    }

    public synchronized long gcPointsCompacted() {
        return gcPointsCompacted;
    }

    public synchronized int gcPointsKept() {
        return gcPoints.size();
    }
}
