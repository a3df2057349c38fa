package io.memdiag.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats bytes and durations the way the human report and verdict summaries print them.
 *
 * <p>Without {@code java.util.Formatter}: its first use with a locale initialises the JDK's
 * locale providers and CLDR number data in the host (a third of the final report's CPU in a
 * short-lived process, and their data on the heap for good), for numbers printed one way.
 */
public final class Units {

    private Units() {
    }

    /** 1536 → "1.5 KB", 125829120 → "120.0 MB"; negative (unknown) → "n/a". */
    public static String bytes(long b) {
        if (b < 0) {
            return "n/a";
        }
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return decimal(v, 1) + " " + units[u];
    }

    /** 900 → "900 ms", 12300 → "12.3 s", 192000 → "3.2 min", 7200000 → "2.0 h". */
    public static String duration(long ms) {
        if (ms < 0) {
            return "n/a";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return decimal(ms / 1000.0, 1) + " s";
        }
        if (ms < 2 * 3_600_000) {
            return decimal(ms / 60_000.0, 1) + " min";
        }
        if (ms < 2 * 86_400_000L) {
            return decimal(ms / 3_600_000.0, 1) + " h";
        }
        return decimal(ms / 86_400_000.0, 1) + " d";
    }

    /**
     * What {@code String.format(Locale.ROOT, "%.<places>f", v)} prints: the shortest decimal
     * digits of the double, rounded half up; a minus sign for negative numbers and -0.0 too.
     */
    public static String decimal(double v, int places) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        String digits = new BigDecimal(Double.toString(Math.abs(v))).setScale(places, RoundingMode.HALF_UP).toPlainString();
        return Double.doubleToRawLongBits(v) < 0 ? "-" + digits : digits;
    }
}
