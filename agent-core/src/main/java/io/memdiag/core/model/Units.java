package io.memdiag.core.model;

import java.util.Locale;

/** Formats bytes and durations the way the human report and verdict summaries print them. */
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
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
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
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 2 * 3_600_000) {
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        }
        if (ms < 2 * 86_400_000L) {
            return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
        }
        return String.format(Locale.ROOT, "%.1f d", ms / 86_400_000.0);
    }
}
