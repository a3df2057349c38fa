package io.memdiag.samples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The medians the whole-process benches print. */
final class Medians {

    private Medians() {
    }

    /** The middle value; of an even count, the upper of the two middle ones (a value that was measured). */
    static long of(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The middle value; of an even count, the mean of the two middle ones (ratios, times in seconds). */
    static double ofDoubles(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
