package io.memdiag.core.analysis;

import java.util.Arrays;

/**
 * Robust statistics for a short series of (time, bytes) points: the Theil–Sen slope (median
 * of pairwise slopes, indifferent to a few outliers), the Mann–Kendall test for a monotonic
 * trend, and the median absolute deviation of the residuals as the noise level.
 */
final class Trend {

    final double slope;      // bytes per millisecond
    final double intercept;  // bytes at time 0
    final double kendallTau; // -1 .. 1
    final double mannKendallZ;
    final double noise;      // robust standard deviation of the residuals, bytes

    private Trend(double slope, double intercept, double kendallTau, double mannKendallZ, double noise) {
        this.slope = slope;
        this.intercept = intercept;
        this.kendallTau = kendallTau;
        this.mannKendallZ = mannKendallZ;
        this.noise = noise;
    }

    static Trend of(long[] t, long[] y) {
        int n = t.length;
        if (n < 2) {
            return new Trend(0, n == 1 ? y[0] : 0, 0, 0, 0);
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = pairSlopes(t, y, slopes);
        long s = mannKendallS(y);
        double slope = k == 0 ? 0 : median(Arrays.copyOf(slopes, k));
        double[] offsets = new double[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = y[i] - slope * t[i];
        }
        double intercept = median(offsets.clone());
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = Math.abs(y[i] - (intercept + slope * t[i]));
        }
        double noise = 1.4826 * median(residuals);
        double pairs = n * (n - 1) / 2.0;
        double variance = n * (n - 1) * (2.0 * n + 5) / 18.0;
        double z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
        return new Trend(slope, intercept, s / pairs, z, noise);
    }

    /**
     * Fills {@code slopes} with the slope of every pair of points at distinct times; returns how
     * many. This and {@link #mannKendallS} are apart from {@link #of} so that their double loops
     * are what the JIT compiles hot: with them inside, C2 compiled all of {@code of}, its sorting
     * inlined, a compilation needing 6 MB of compiler memory, which the C library keeps in the
     * process afterwards.
     */
    private static int pairSlopes(long[] t, long[] y, double[] slopes) {
        int k = 0;
        for (int i = 0; i < t.length; i++) {
            for (int j = i + 1; j < t.length; j++) {
                if (t[j] != t[i]) {
                    slopes[k++] = (double) (y[j] - y[i]) / (t[j] - t[i]);
                }
            }
        }
        return k;
    }

    /** The Mann–Kendall S: over every pair of points, +1 where the later is higher, -1 where lower. */
    private static long mannKendallS(long[] y) {
        long s = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                s += Long.signum(y[j] - y[i]);
            }
        }
        return s;
    }

    double at(long time) {
        return intercept + slope * time;
    }

    /**
     * The median, reordering {@code v}. By selection rather than {@code Arrays.sort}: the JIT
     * compiled the JDK's sort of doubles, which only the agent uses in a small service, after 20 to
     * 40 minutes of reports into compilations of 4 to 5 MB of compiler memory each (JDK 25,
     * {@code bench.CompilerMemory}), more than such a service's own largest (3 MB), and the C
     * library keeps that memory; this loop compiles small.
     */
    static double median(double[] v) {
        int m = v.length / 2;
        double upper = select(v, m);
        if (v.length % 2 == 1) {
            return upper;
        }
        double lower = v[0]; // after select, v[0..m) holds the m smallest
        for (int i = 1; i < m; i++) {
            lower = Math.max(lower, v[i]);
        }
        return (lower + upper) / 2.0;
    }

    /**
     * Moves the k-th smallest value (0-based) to {@code v[k]}, smaller or equal ones before it and
     * larger or equal ones after it (Hoare's selection), and returns it. The values are finite.
     */
    static double select(double[] v, int k) {
        int lo = 0;
        int hi = v.length - 1;
        while (lo < hi) {
            double pivot = v[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = v[i];
                    v[i] = v[j];
                    v[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break; // j < k < i: v[k] equals the pivot and sits in place
            }
        }
        return v[k];
    }
}
