package io.memdiag.core.analysis;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrendTest {

    /** The selection gives what sorting gives, on odd and even lengths, with ties and runs. */
    @Test
    void medianBySelectionIsTheSortedMedian() {
        Random random = new Random(42);
        for (int n = 1; n <= 60; n++) {
            for (int round = 0; round < 50; round++) {
                double[] v = new double[n];
                int spread = round % 3 == 0 ? 3 : 1000; // few distinct values: many ties
                for (int i = 0; i < n; i++) {
                    v[i] = round % 5 == 0 ? i : random.nextInt(spread) - spread / 2.0;
                }
                double[] sorted = v.clone();
                Arrays.sort(sorted);
                double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
                assertEquals(expected, Trend.median(v.clone()), () -> "median of " + Arrays.toString(v));
            }
        }
    }

    @Test
    void selectionPartitionsAroundTheKthValue() {
        double[] v = {9, 1, 8, 2, 7, 3, 6, 4, 5, 5};
        assertEquals(5.0, Trend.select(v, 4));
        for (int i = 0; i < 4; i++) {
            assertTrue(v[i] <= 5.0, Arrays.toString(v));
        }
        for (int i = 5; i < v.length; i++) {
            assertTrue(v[i] >= 5.0, Arrays.toString(v));
        }
    }

    /** Theil–Sen through a line with one outlier still finds the line's slope; Mann–Kendall sees the rise. */
    @Test
    void slopeIgnoresAnOutlierAndTheTestSeesTheRise() {
        long[] t = new long[20];
        long[] y = new long[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 1000L;
            y[i] = 5_000_000 + i * 2000L;
        }
        y[7] = 90_000_000;
        Trend trend = Trend.of(t, y);
        assertEquals(2.0, trend.slope, 1e-9);
        assertTrue(trend.mannKendallZ > 2.33, "z " + trend.mannKendallZ);
    }
}
