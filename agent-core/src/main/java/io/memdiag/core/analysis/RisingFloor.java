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

    /**
     * Mann–Kendall z the later half must reach on its own (one-sided p &lt; 0.05) for a leak:
     * a rise that ends in a plateau with a little noise has a positive tau there, but not this.
     * Recorded case: the old generation of a healthy 14-second run settling to G1's steady waste
     * rose 11 MB in 5 s, then held a sawtooth for 9 s, and a positive tau alone called it a leak.
     */
    static final double RECENT_MIN_Z = 1.645;
    /** Share of the window's rise the latest floor must still hold. */
    static final double HELD_SHARE = 0.5;

    final long[] t;
    final long[] y;
    final Trend all;
    /** Rising, and still rising now beyond doubt: a leak if confirmed. */
    final boolean rising;
    /**
     * Perhaps rising: the later half merely trends up. Enough to withhold "not a leak" (RETAINED)
     * and to leave the heap's own growth to HEAP_LEAK (NATIVE_GROWTH), not enough to call a leak.
     */
    final boolean maybeRising;
    /** Index where the current rise began: the last floor still at the series' low (within noise). */
    final int start;

    private RisingFloor(long[] t, long[] y, Trend all, boolean rising, boolean maybeRising, int start) {
        this.t = t;
        this.y = y;
        this.all = all;
        this.rising = rising;
        this.maybeRising = maybeRising;
        this.start = start;
    }

    static RisingFloor of(List<GcPoint> gcPoints, HeapLeakDetector.Thresholds th) {
        List<GcPoint> floors = LivePoints.floors(LivePoints.collections(gcPoints), th.buckets());
        int n = floors.size();
        long[] t = LivePoints.uptimes(floors);
        long[] y = LivePoints.heapAfter(floors);
        Trend all = Trend.of(t, y);
        boolean maybeRising = n >= th.minFloors() && all.slope > 0 && all.mannKendallZ >= th.minZ();
        boolean recentBeyondDoubt = false;
        if (maybeRising) {
            int half = n / 2;
            Trend recent = Trend.of(Arrays.copyOfRange(t, half, n), Arrays.copyOfRange(y, half, n));
            maybeRising = recent.slope >= th.recentSlopeShare() * all.slope && recent.kendallTau > 0;
            recentBeyondDoubt = recent.mannKendallZ >= RECENT_MIN_Z;
        }
        if (maybeRising) {
            // the latest floor must still hold most of the rise: one that fell back near where the
            // window began (a burst released) is not rising now, however the points before it
            // line up; the later half's statistics alone said "rising" with three low points
            // after eight high ones when few collections followed the release (CI, JDK 17)
            long max = Arrays.stream(y).max().orElse(y[0]);
            maybeRising = y[n - 1] - y[0] >= HELD_SHARE * (max - y[0]);
        }
        if (maybeRising) {
            double growth = all.slope * (t[n - 1] - t[0]);
            maybeRising = growth >= th.noiseFactor() * all.noise && growth >= th.minGrowthBytes();
        }
        return new RisingFloor(t, y, all, maybeRising && recentBeyondDoubt, maybeRising, n == 0 ? 0 : risingStart(y, all.noise));
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
