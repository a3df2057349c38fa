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
 *   <li>{@link #reclamations}: the collections that reclaimed the old generation (as marked by
 *       {@link io.memdiag.core.history.History#addGc}), after which the heap is closest to live
 *       data. Single-generation collectors (no old pool) reclaim everything every cycle.</li>
 * </ul>
 * A leak keeps rising across reclamations; promoted garbage falls back at each one.
 */
public final class LivePoints {

    private LivePoints() {
    }

    /** The points that measure the heap after whole collections (not phases or pauses inside a cycle). */
    public static List<GcPoint> collections(List<GcPoint> points) {
        List<GcPoint> result = new ArrayList<>(points.size());
        for (GcPoint p : points) {
            if (!p.concurrentPhase() && !p.pauseOnly()) {
                result.add(p);
            }
        }
        return result;
    }

    static List<GcPoint> reclamations(List<GcPoint> points) {
        List<GcPoint> live = new ArrayList<>();
        for (GcPoint p : collections(points)) {
            if (p.oldCollected() || p.oldUsedAfter() < 0) {
                live.add(p);
            }
        }
        return live;
    }

    /** The points' uptimes, for {@link Trend#of}. */
    static long[] uptimes(List<GcPoint> points) {
        long[] t = new long[points.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = points.get(i).uptimeMillis();
        }
        return t;
    }

    /** The heap after each point's collection, for {@link Trend#of}. */
    static long[] heapAfter(List<GcPoint> points) {
        long[] y = new long[points.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = points.get(i).heapUsedAfter();
        }
        return y;
    }

    /**
     * At most {@code buckets} points: the floor (lowest heap after GC) of each equal time slice.
     * Keeps the trend statistics cheap on long histories and robust to a noisy cycle.
     */
    public static List<GcPoint> floors(List<GcPoint> points, int buckets) {
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
