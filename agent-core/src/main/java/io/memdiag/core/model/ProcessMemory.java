package io.memdiag.core.model;

/**
 * Process memory as the kernel sees it, read from {@code /proc/self/status} and
 * {@code /proc/self/smaps_rollup}. Every field is in bytes; {@link #UNKNOWN} where the
 * platform or kernel does not provide it (not Linux, an old kernel, a restricted /proc).
 */
public record ProcessMemory(
        long rss,       // VmRSS: what top and container dashboards show
        long rssAnon,   // RssAnon: heap, stacks, malloc arenas: the part a leak grows
        long rssFile,   // RssFile: mapped jars, libjvm, the CDS archive
        long rssShmem,  // RssShmem
        long swap,      // VmSwap
        long hwm,       // VmHWM: peak RSS since start
        long pss) {     // Pss from smaps_rollup, where present

    public static final long UNKNOWN = -1;

    public static final ProcessMemory UNAVAILABLE =
            new ProcessMemory(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);

    public boolean available() {
        return rss >= 0;
    }
}
