package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;

import java.util.Arrays;
import java.util.List;

/**
 * Whether the floor of the heap after GC is rising right now, with the statistics behind the
 * answer. {@link HeapLeakDetector} needs it rising (and then confirmed); {@link RetainedDetector}
 * needs it not rising before it may say "not a leak".
 */
final class RisingFloor {

    final long[] t;
    final long[] y;
    final Trend all;
    final boolean rising;
    /** Index where the current rise began: the last floor still at the series' low (within noise). */
    final int start;

    private RisingFloor(long[] t, long[] y, Trend all, boolean rising, int start) {
        this.t = t;
        this.y = y;
        this.all = all;
        this.rising = rising;
        this.start = start;
    }

    static RisingFloor of(List<GcPoint> gcPoints, HeapLeakDetector.Thresholds th) {
        List<GcPoint> floors = LivePoints.floors(LivePoints.collections(gcPoints), th.buckets());
        int n = floors.size();
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = floors.get(i).uptimeMillis();
            y[i] = floors.get(i).heapUsedAfter();
        }
        Trend all = Trend.of(t, y);
        boolean rising = n >= th.minFloors() && all.slope > 0 && all.mannKendallZ >= th.minZ();
        if (rising) {
            int half = n / 2;
            Trend recent = Trend.of(Arrays.copyOfRange(t, half, n), Arrays.copyOfRange(y, half, n));
            rising = recent.slope >= th.recentSlopeShare() * all.slope && recent.kendallTau > 0;
        }
        if (rising) {
            double growth = all.slope * (t[n - 1] - t[0]);
            rising = growth >= th.noiseFactor() * all.noise && growth >= th.minGrowthBytes();
        }
        return new RisingFloor(t, y, all, rising, n == 0 ? 0 : risingStart(y, all.noise));
    }

    private static int risingStart(long[] y, double noise) {
        long min = Long.MAX_VALUE;
        for (long v : y) {
            min = Math.min(min, v);
        }
        int start = 0;
        for (int i = 0; i < y.length - 1; i++) {
            if (y[i] <= min + noise) {
                start = i;
            }
        }
        return start;
    }
}
