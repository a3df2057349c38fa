package io.memdiag.core.threads;

import java.util.List;
import java.util.Map;

/**
 * Thread tracking at one moment.
 *
 * @param tracked    threads started (and seen by the hook) since start
 * @param siteOverflow starts counted against no site because the site table was full
 * @param sites      per creating site, most alive first
 */
public record ThreadSnapshot(long tracked, long siteOverflow, List<SiteStats> sites) {

    public ThreadSnapshot {
        sites = List.copyOf(sites);
    }

    /**
     * @param site        {@code pkg.Class.method(File.java:line)} that called Thread.start (often through an executor)
     * @param started     threads started there since start
     * @param alive       of them, alive now
     * @param states      alive threads by Thread.State
     * @param commonFrame the top frame most of the alive ones were in when sampled (e.g. where they park), or null
     * @param stack       a representative stack of the start
     * @param aliveHistory alive counts at this and the previous snapshots, oldest first
     */
    public record SiteStats(String site, long started, long alive, Map<String, Long> states, String commonFrame,
                            List<String> stack, long[] aliveHistory) {

        /** Alive threads kept rising at each of the last {@code points} snapshots, by {@code minRise} in all. */
        public boolean growing(int points, long minRise) {
            return io.memdiag.core.history.CountHistory.rising(aliveHistory, points, minRise);
        }
    }

    public long alive() {
        long n = 0;
        for (SiteStats s : sites) {
            n += s.alive();
        }
        return n;
    }
}
