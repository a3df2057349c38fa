package io.memdiag.samples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median the whole-process benches print for times in whole milliseconds. */
final class Medians {

    private Medians() {
    }

    /** The middle value; of an even count, the upper of the two middle ones (a value that was measured). */
    static long of(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
