package io.memdiag.core.history;

import java.util.Arrays;

/**
 * A count (open resources, alive threads) at each of the last few reports, for telling
 * "keeps rising" from "warmed up and stays". Reports closer together than the minimum gap (a
 * shutdown report right after an interval one) update the last point instead of adding one.
 */
public final class CountHistory {

    private final long[] values;
    private int size;
    private long lastRecordMillis;

    public CountHistory(int points) {
        this.values = new long[points];
    }

    /** Records a count and returns the history, oldest first. */
    public synchronized long[] record(long count, long nowMillis, long minGapMillis) {
        if (size > 0 && nowMillis - lastRecordMillis < minGapMillis) {
            values[size - 1] = count;
        } else {
            if (size == values.length) {
                System.arraycopy(values, 1, values, 0, values.length - 1);
                size--;
            }
            values[size++] = count;
            lastRecordMillis = nowMillis;
        }
        return Arrays.copyOf(values, size);
    }

    /**
     * Whether the last {@code points} values each rose over the one before, by {@code minRise}
     * in all.
     */
    public static boolean rising(long[] history, int points, long minRise) {
        if (history.length < points) {
            return false;
        }
        for (int i = history.length - points + 1; i < history.length; i++) {
            if (history[i] <= history[i - 1]) {
                return false;
            }
        }
        return history[history.length - 1] - history[history.length - points] >= minRise;
    }
}
