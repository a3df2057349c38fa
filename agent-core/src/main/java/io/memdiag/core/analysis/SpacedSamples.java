package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Picks samples evenly spread in time, for a trend line through a few of them.
 *
 * <p>By time, not by index: the history keeps its recent samples one interval apart and older
 * ones thinned (see {@code SampleHistory}), so every n-th sample would crowd the last minutes and
 * make "the recent half" of the points a few minutes instead of half the span.
 */
final class SpacedSamples {

    private SpacedSamples() {
    }

    /** The times and values of a series, oldest first, for {@link Trend#of}. */
    record Points(long[] t, long[] y) {
        int size() {
            return t.length;
        }
    }

    /**
     * A series at the samples {@link #pick} chooses, leaving out those where it is unknown (-1)
     * or the sample has no uptime.
     */
    static Points points(List<MemorySample> samples, int maxPoints, ToLongFunction<MemorySample> series) {
        List<MemorySample> picked = pick(samples, maxPoints);
        long[] t = new long[picked.size()];
        long[] y = new long[picked.size()];
        int n = 0;
        for (MemorySample s : picked) {
            long v = series.applyAsLong(s);
            if (v != -1 && s.uptimeMillis() >= 0) {
                t[n] = s.uptimeMillis();
                y[n++] = v;
            }
        }
        return new Points(Arrays.copyOf(t, n), Arrays.copyOf(y, n));
    }

    /** At most {@code maxPoints} samples, the first and the last among them, oldest first. */
    static List<MemorySample> pick(List<MemorySample> samples, int maxPoints) {
        int n = samples.size();
        if (n <= maxPoints) {
            return samples;
        }
        long first = samples.get(0).uptimeMillis();
        long span = samples.get(n - 1).uptimeMillis() - first;
        List<MemorySample> picked = new ArrayList<>(maxPoints);
        int i = 0;
        for (int k = 0; k < maxPoints; k++) {
            long target = first + span * k / (maxPoints - 1);
            while (i < n - 1 && samples.get(i).uptimeMillis() < target) {
                i++;
            }
            MemorySample s = samples.get(i);
            if (picked.isEmpty() || picked.get(picked.size() - 1) != s) {
                picked.add(s);
            }
        }
        return picked;
    }
}
