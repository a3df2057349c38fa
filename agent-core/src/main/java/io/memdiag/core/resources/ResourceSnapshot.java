package io.memdiag.core.resources;

import java.util.List;

/**
 * Resource tracking at one moment, for analysis and reports.
 *
 * @param takenAtMillis        when
 * @param tracked              opens tracked since start
 * @param tableOverflow        opens not tracked because the table was full
 * @param siteOverflow         opens counted against the overflow site because the site table was full
 * @param oldestOpenAtMillis   open time of the oldest resource still open, or -1
 * @param sites                per site, leaks first
 */
public record ResourceSnapshot(long takenAtMillis, long tracked, long tableOverflow, long siteOverflow,
                               long oldestOpenAtMillis, List<SiteStats> sites) {

    public ResourceSnapshot {
        sites = List.copyOf(sites);
    }

    /**
     * @param site              {@code pkg.Class.method(File.java:line)}
     * @param kind              what was opened there
     * @param opened            opens since start
     * @param closed            closes since start
     * @param collectedUnclosed garbage-collected while open: leaks
     * @param openNow           still open
     * @param stack             a representative stack from the site outward
     */
    public record SiteStats(String site, ResourceKind kind, long opened, long closed, long collectedUnclosed,
                            long openNow, List<String> stack) {
    }

    public long openNow() {
        long n = 0;
        for (SiteStats s : sites) {
            n += s.openNow();
        }
        return n;
    }

    public long collectedUnclosed() {
        long n = 0;
        for (SiteStats s : sites) {
            n += s.collectedUnclosed();
        }
        return n;
    }
}
