package io.memdiag.core.resources;

import java.util.List;
import java.util.function.ToLongFunction;

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
 * @param unattributed         per kind, the opens whose site was not looked up (beyond
 *                             {@code walksPerSecond}): their {@code site} says so; counted in the
 *                             totals, never named as a site
 * @param walksPerSecond       resources.walks: opening sites looked up per second at most
 */
public record ResourceSnapshot(long takenAtMillis, long tracked, long tableOverflow, long siteOverflow,
                               long oldestOpenAtMillis, long exhaustions, List<SiteStats> sites,
                               List<SiteStats> unattributed, int walksPerSecond) {

    public ResourceSnapshot {
        sites = List.copyOf(sites);
        unattributed = List.copyOf(unattributed);
    }

    /** Every open looked up (tests). */
    public ResourceSnapshot(long takenAtMillis, long tracked, long tableOverflow, long siteOverflow,
                            long oldestOpenAtMillis, long exhaustions, List<SiteStats> sites) {
        this(takenAtMillis, tracked, tableOverflow, siteOverflow, oldestOpenAtMillis, exhaustions, sites, List.of(), Integer.MAX_VALUE);
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

    /** Open now, at every site and among the opens not looked up. */
    public long openNow() {
        return sum(sites, SiteStats::openNow) + sum(unattributed, SiteStats::openNow);
    }

    /** Garbage-collected while open, at every site and among the opens not looked up. */
    public long collectedUnclosed() {
        return sum(sites, SiteStats::collectedUnclosed) + sum(unattributed, SiteStats::collectedUnclosed);
    }

    /** Opens whose site was not looked up, every kind. */
    public long notAttributed() {
        return sum(unattributed, SiteStats::opened);
    }

    /** Leaks among the opens whose site was not looked up. */
    public long collectedUnclosedNotAttributed() {
        return sum(unattributed, SiteStats::collectedUnclosed);
    }

    private static long sum(List<SiteStats> stats, ToLongFunction<SiteStats> figure) {
        long n = 0;
        for (SiteStats s : stats) {
            n += figure.applyAsLong(s);
        }
        return n;
    }
}
