package io.memdiag.core.model;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnitsTest {

    /** java.util.Formatter is the oracle: the reports printed through it before. */
    @Test
    void decimalPrintsWhatFormatterPrints() {
        double[] edges = {0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.005, 2.675, 9.95, 9.999, 99.95, 1023.95, 0.0004999,
                -0.04, -1.25, 123456789.125, 1e-9, 1e15, 3.0e-5, Double.MIN_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 7.0 / 3, 2.0 / 3, 1.0 / 1024};
        for (double v : edges) {
            for (int places = 0; places <= 3; places++) {
                assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), Units.decimal(v, places), v + " to " + places);
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double v = random.nextInt(2_000_000) / 1000.0 * (random.nextBoolean() ? 1 : random.nextDouble() * 3);
            int places = i % 4;
            assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), Units.decimal(v, places), v + " to " + places);
        }
    }

    @Test
    void bytesAndDurationsKeepTheirShape() {
        assertEquals("1.5 KB", Units.bytes(1536));
        assertEquals("120.0 MB", Units.bytes(125_829_120));
        assertEquals("1023 B", Units.bytes(1023));
        assertEquals("1024.0 TB", Units.bytes(1024L * 1024 * 1024 * 1024 * 1024));
        assertEquals("n/a", Units.bytes(-1));
        assertEquals("900 ms", Units.duration(900));
        assertEquals("12.3 s", Units.duration(12_300));
        assertEquals("3.2 min", Units.duration(192_000));
        assertEquals("2.0 h", Units.duration(7_200_000));
        assertEquals("3.0 d", Units.duration(3 * 86_400_000L));
    }
}
