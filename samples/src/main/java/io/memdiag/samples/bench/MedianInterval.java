package io.memdiag.samples.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The median of a few per-round ratios and a 95 % percentile-bootstrap interval around it: the
 * ratios resampled with replacement {@value #RESAMPLES} times, the median of each resample taken,
 * and the 2.5th and 97.5th percentiles of those medians kept. A fixed seed makes a re-print of the
 * same runs give the same figures. With ten rounds the interval is about as wide as the spread
 * of the middle six ratios: what a budget of a few percent must be judged against on a noisy
 * machine, rather than the median alone.
 */
record MedianInterval(double median, double low, double high, int rounds) {

    /** Below this, resamples of so few ratios say nothing about the median: no verdict. */
    static final int MIN_ROUNDS = 5;

    static final int RESAMPLES = 10_000;
    private static final long SEED = 20261203L;

    static MedianInterval of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        SplittableRandom random = new SplittableRandom(SEED);
        double[] medians = new double[RESAMPLES];
        double[] resample = new double[v.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < v.length; i++) {
                resample[i] = v[random.nextInt(v.length)];
            }
            medians[r] = median(resample);
        }
        Arrays.sort(medians);
        return new MedianInterval(median(v.clone()), medians[(int) (RESAMPLES * 0.025)], medians[(int) (RESAMPLES * 0.975) - 1],
                v.length);
    }

    /** "median (low-high)", three decimals: how the harness prints a ratio with its interval. */
    String text() {
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median, low, high);
    }

    /**
     * Whether the true median is at most {@code limit}: "shown" when the whole interval is at or
     * below it, "exceeded" when the whole interval is above it, otherwise "not resolved" (the
     * runs cannot tell); with fewer than {@value #MIN_ROUNDS} rounds, "too few rounds".
     */
    String atMost(double limit) {
        if (rounds < MIN_ROUNDS) {
            return "too few rounds";
        }
        if (high <= limit) {
            return "shown";
        }
        return low > limit ? "exceeded" : "not resolved";
    }

    /** Sorts its argument. */
    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
