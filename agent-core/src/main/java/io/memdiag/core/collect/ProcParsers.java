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
     */
    static long kbField(String text, String name) {
        int at = text.startsWith(name) ? 0 : text.indexOf("\n" + name);
        if (at < 0) {
            return ProcessMemory.UNKNOWN;
        }
        int i = at + (at == 0 ? 0 : 1) + name.length();
        int end = text.indexOf('\n', i);
        String value = (end < 0 ? text.substring(i) : text.substring(i, end)).trim();
        if (value.endsWith("kB")) {
            value = value.substring(0, value.length() - 2).trim();
        }
        try {
            return Long.parseLong(value) * 1024;
        } catch (NumberFormatException e) {
            return ProcessMemory.UNKNOWN;
        }
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
