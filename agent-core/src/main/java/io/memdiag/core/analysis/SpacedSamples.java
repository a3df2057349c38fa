package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;

import java.util.ArrayList;
import java.util.List;

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
