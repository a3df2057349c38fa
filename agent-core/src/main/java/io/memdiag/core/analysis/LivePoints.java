package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the GC points the way a leak judgement needs them.
 *
 * <p>After a young collection the heap still holds every dead object already promoted to the
 * old generation, and until the old generation is collected that garbage only grows: on its own
 * it looks exactly like a leak. Two things tell them apart, and this class provides both:
 * <ul>
 *   <li>{@link #floors}: the lowest heap-after-GC per time slice, the sawtooth's floor;</li>
 *   <li>{@link #reclamations}: the points right after the old generation was reclaimed, where
 *       the heap is closest to live data. A collection reported as such (full or major GC,
 *       ZGC and Shenandoah cycles), a G1 concurrent cycle's end (JDK 20+ reports it as
 *       "G1 Concurrent GC"; the next collection is the measurement), or an old generation
 *       smaller than after the previous collection: young collections only ever add to it,
 *       so a drop means mixed collections or cleanup reclaimed old regions.</li>
 * </ul>
 * A leak keeps rising across reclamations; promoted garbage falls back at each one.
 */
final class LivePoints {

    /** An old generation at least this much smaller than after the previous GC counts as reclaimed. */
    static final long OLD_DROP_MIN_BYTES = 1024 * 1024;

    private LivePoints() {
    }

    /** The points that measure the heap after collections that empty the young generation. */
    static List<GcPoint> collections(List<GcPoint> points) {
        List<GcPoint> result = new ArrayList<>(points.size());
        for (GcPoint p : points) {
            if (!isConcurrentPhase(p)) {
                result.add(p);
            }
        }
        return result;
    }

    static List<GcPoint> reclamations(List<GcPoint> points) {
        List<GcPoint> live = new ArrayList<>();
        long previousOld = -1;
        boolean cycleJustEnded = false;
        for (GcPoint p : points) {
            if (isConcurrentPhase(p)) {
                cycleJustEnded = true;
                continue;
            }
            boolean oldDropped = previousOld >= 0 && p.oldUsedAfter() >= 0
                    && previousOld - p.oldUsedAfter() >= OLD_DROP_MIN_BYTES;
            if (p.oldCollected() || oldDropped || cycleJustEnded || p.oldUsedAfter() < 0) {
                live.add(p); // no old pool at all (single-generation collectors): every cycle is whole-heap
            }
            cycleJustEnded = false;
            if (p.oldUsedAfter() >= 0) {
                previousOld = p.oldUsedAfter();
            }
        }
        return live;
    }

    /** A pause inside a G1 concurrent cycle (Remark, Cleanup), which does not empty the young generation. */
    static boolean isConcurrentPhase(GcPoint p) {
        return p.gcName().equals("G1 Concurrent GC");
    }

    /**
     * At most {@code buckets} points: the floor (lowest heap after GC) of each equal time slice.
     * Keeps the trend statistics cheap on long histories and robust to a noisy cycle.
     */
    static List<GcPoint> floors(List<GcPoint> points, int buckets) {
        if (points.size() <= buckets) {
            return points;
        }
        long start = points.get(0).uptimeMillis();
        long span = Math.max(1, points.get(points.size() - 1).uptimeMillis() - start);
        List<GcPoint> floors = new ArrayList<>();
        GcPoint best = null;
        int bucket = 0;
        for (GcPoint p : points) {
            int b = (int) Math.min(buckets - 1, (p.uptimeMillis() - start) * buckets / span);
            if (b != bucket && best != null) {
                floors.add(best);
                best = null;
            }
            bucket = b;
            if (best == null || p.heapUsedAfter() < best.heapUsedAfter()) {
                best = p;
            }
        }
        if (best != null) {
            floors.add(best);
        }
        return floors;
    }
}
