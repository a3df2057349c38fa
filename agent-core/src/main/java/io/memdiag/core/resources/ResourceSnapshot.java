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
 * @param exhaustions          opens that failed with "Too many open files" since start
 * @param sites                per site, leaks first
 */
public record ResourceSnapshot(long takenAtMillis, long tracked, long tableOverflow, long siteOverflow,
                               long oldestOpenAtMillis, long exhaustions, List<SiteStats> sites) {

    public ResourceSnapshot {
        sites = List.copyOf(sites);
    }

    /** Without exhaustions (tests). */
    public ResourceSnapshot(long takenAtMillis, long tracked, long tableOverflow, long siteOverflow,
                            long oldestOpenAtMillis, List<SiteStats> sites) {
        this(takenAtMillis, tracked, tableOverflow, siteOverflow, oldestOpenAtMillis, 0, sites);
    }

    /**
     * @param site              {@code pkg.Class.method(File.java:line)}
     * @param kind              what was opened there
     * @param example           what one of them was (a path, an address, a type), or null
     * @param opened            opens since start
     * @param closed            closes since start
     * @param collectedUnclosed garbage-collected while open: leaks
     * @param openNow           still open
     * @param stack             a representative stack from the site outward
     * @param openHistory       open counts at this and the previous snapshots (up to 8), oldest first
     */
    public record SiteStats(String site, ResourceKind kind, String example, long opened, long closed, long collectedUnclosed,
                            long openNow, List<String> stack, long[] openHistory) {

        /** Without history and example (tests, a first snapshot). */
        public SiteStats(String site, ResourceKind kind, long opened, long closed, long collectedUnclosed,
                         long openNow, List<String> stack) {
            this(site, kind, null, opened, closed, collectedUnclosed, openNow, stack, new long[] {openNow});
        }

        /** With history, without example (tests). */
        public SiteStats(String site, ResourceKind kind, long opened, long closed, long collectedUnclosed,
                         long openNow, List<String> stack, long[] openHistory) {
            this(site, kind, null, opened, closed, collectedUnclosed, openNow, stack, openHistory);
        }

        /**
         * Open resources kept piling up: at least {@code points} snapshots, each higher than the
         * one before, and at least {@code minRise} more open now than at the first of them.
         */
        public boolean growing(int points, long minRise) {
            return io.memdiag.core.history.CountHistory.rising(openHistory, points, minRise);
        }
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
