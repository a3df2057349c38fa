package io.memdiag.core.collect;

import io.memdiag.core.model.ProcessMemory;

/** Pure parsers of /proc text, separate from the reading so recorded files can be tested. */
public final class ProcParsers {

    private ProcParsers() {
    }

    /**
     * @param status      text of /proc/self/status
     * @param smapsRollup text of /proc/self/smaps_rollup, or null
     */
    public static ProcessMemory processMemory(String status, String smapsRollup) {
        return new ProcessMemory(
                kbField(status, "VmRSS:"),
                kbField(status, "RssAnon:"),
                kbField(status, "RssFile:"),
                kbField(status, "RssShmem:"),
                kbField(status, "VmSwap:"),
                kbField(status, "VmHWM:"),
                smapsRollup == null ? ProcessMemory.UNKNOWN : kbField(smapsRollup, "Pss:"));
    }

    /**
     * A "Name:   1234 kB" line in bytes, or -1 when absent or malformed. Matches at line starts
     * only, so "Pss:" does not match "Pss_Anon:".
     *
     * <p>Reads the digits in place, with no string concatenation or substrings: this runs for
     * seven fields every sample, so the JIT's C2 compiler takes it within minutes, and with
     * {@code "\n" + name} and {@code trim()} in it that compilation needed 9.7 MB of compiler
     * memory (JDK 25, {@code -XX:CompileCommand=MemStat}), which the C library keeps afterwards.
     */
    static long kbField(String text, String name) {
        int at = lineStarting(text, name);
        if (at < 0) {
            return ProcessMemory.UNKNOWN;
        }
        int i = skipBlanks(text, at + name.length());
        int end = text.length();
        long value = 0;
        int digits = 0;
        for (; i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++, digits++) {
            if (value > (Long.MAX_VALUE / 1024 - 9) / 10) {
                return ProcessMemory.UNKNOWN; // no real figure is this large
            }
            value = value * 10 + (text.charAt(i) - '0');
        }
        i = skipBlanks(text, i);
        if (text.startsWith("kB", i)) {
            i = skipBlanks(text, i + 2);
        }
        boolean lineEnds = i == end || text.charAt(i) == '\n' || text.charAt(i) == '\r';
        return digits > 0 && lineEnds ? value * 1024 : ProcessMemory.UNKNOWN;
    }

    /** The first index from {@code i} that is not a space or a tab. */
    private static int skipBlanks(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Where a line starting with {@code name} starts, or -1. */
    private static int lineStarting(String text, String name) {
        for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
            if (at == 0 || text.charAt(at - 1) == '\n') {
                return at;
            }
        }
        return -1;
    }

    /** The soft "Max open files" from /proc/self/limits; Long.MAX_VALUE for unlimited, -1 if absent. */
    public static long openFilesSoftLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
                if (cols.length == 0) {
                    return -1;
                }
                if (cols[0].equals("unlimited")) {
                    return Long.MAX_VALUE;
                }
                try {
                    return Long.parseLong(cols[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
