package io.memdiag.core.options;

import java.time.Duration;

/** Parses the agent's duration syntax: a whole number followed by ms, s, m or h ("500ms", "60s", "5m", "1h"). */
public final class Durations {

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message an operator can act on
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        int unitStart = 0;
        while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart == t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use a number with ms, s, m or h, e.g. 500ms, 60s, 5m");
        }
        long amount;
        try {
            amount = Long.parseLong(t.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a duration");
        }
        switch (t.substring(unitStart)) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            default:
                throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + t.substring(unitStart)
                        + "'; use ms, s, m or h");
        }
    }

    /** The shortest exact form, as the options table writes it: 1500ms, 60s, 5m, 2h. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
