package io.memdiag.core.model;

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
     *
     * <p>Rounded on the characters of {@code Double.toString}, not through {@code BigDecimal}:
     * in a short-lived process the final report's first {@code BigDecimal} (its class set-up, the
     * interpreted {@code BigInteger} arithmetic and the JIT compiling it) was half of that
     * report's CPU.
     */
    public static String decimal(double v, int places) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        String digits = roundHalfUp(Double.toString(Math.abs(v)), places);
        return Double.doubleToRawLongBits(v) < 0 ? "-" + digits : digits;
    }

    /** @param shortest what Double.toString prints for a non-negative finite double: "12.5", "1.0E-5", "1.25E10" */
    private static String roundHalfUp(String shortest, int places) {
        int e = shortest.indexOf('E');
        String mantissa = e < 0 ? shortest : shortest.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1));
        int dot = mantissa.indexOf('.');
        StringBuilder all = new StringBuilder(mantissa.length() + places + 24);
        all.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        int point = dot + exponent; // digits before the decimal point in 'all'
        while (point < 1) {
            all.insert(0, '0');
            point++;
        }
        while (all.length() < point + places + 1) {
            all.append('0'); // one past the last kept place, so the rounding digit is there
        }
        boolean up = all.charAt(point + places) >= '5';
        all.setLength(point + places);
        for (int i = all.length() - 1; up && i >= 0; i--) {
            char c = all.charAt(i);
            up = c == '9';
            all.setCharAt(i, up ? '0' : (char) (c + 1));
        }
        if (up) {
            all.insert(0, '1');
            point++;
        }
        int firstKept = 0;
        while (firstKept < point - 1 && all.charAt(firstKept) == '0') {
            firstKept++; // "00012.3" from a small exponent's padding: "12.3"
        }
        String integer = all.substring(firstKept, point);
        return places == 0 ? integer : integer + "." + all.substring(point);
    }
}
