package io.memdiag.core.analysis;

import io.memdiag.core.alloc.AllocationSnapshot;
import io.memdiag.core.model.Units;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The allocation sites behind a rising heap: sites whose sampled objects keep surviving GC and
 * whose live bytes rose during the heap's rise, in step with it (a rising trend of their own),
 * each with its share of the heap's growth.
 */
final class LeakSites {

    /** Sites named at most. */
    static final int MAX_SITES = 3;
    /** A site explaining less of the growth than this is not named. */
    static final double MIN_SHARE = 0.05;
    /** Kendall tau of the site's own live series during the rise. */
    static final double MIN_TAU = 0.3;
    /** Points of the site's series within the rise needed to call it rising. */
    static final int MIN_POINTS = 3;

    /**
     * @param survival       share of the site's live bytes at the middle of the rise that is still live now
     * @param survivalMillis how long ago that middle point was; 0 when the site held nothing before its last point
     */
    record Suspect(AllocationSnapshot.SiteStats stats, long growth, double share, double survival, long survivalMillis) {

        String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(stats.site().location()).append(" allocates ").append(stats.site().type())
                    .append(": live +").append(Units.bytes(growth)).append(" during the rise (")
                    .append(Math.round(share * 100)).append("% of the growth), ").append(Units.bytes(stats.liveBytes()))
                    .append(" live now");
            if (survivalMillis > 0) {
                sb.append(", ").append(Math.round(survival * 100)).append("% of what it held ")
                        .append(Units.duration(survivalMillis)).append(" ago still live");
            }
            if (!stats.stacks().isEmpty() && stats.stacks().get(0).size() > 1) {
                List<String> frames = stats.stacks().get(0);
                sb.append("; called from ").append(String.join(" <- ", frames.subList(1, Math.min(4, frames.size()))));
            }
            return sb.toString();
        }
    }

    /**
     * Share of a site's growth by which its level must still rise from the rise's second quarter
     * to its last: it grows now, not only at warm-up. A steady leak rises by half its growth
     * there; this is lower because a throttled sampler can see a leaking site in bursts, with
     * plateaus between them (recorded: 24 % of the growth for LeakyCache's cache).
     */
    static final double MIN_RECENT_SHARE = 0.10;
    /**
     * Share of what a site held at the middle of the rise that must still be live now: a leak's
     * objects stay. A pool whose objects die and are replaced (sessions, a queue, young garbage
     * not collected yet) can look like it grows, its estimate drifting with the sampler's
     * weights or with dead objects an old-generation cycle has not yet cleared, but what it held
     * then is gone.
     */
    static final double MIN_SURVIVAL = 0.5;

    private LeakSites() {
    }

    /**
     * A site that filled up at start and then stayed flat (a warm cache, a session pool) is not
     * growing with the heap. Each point of a site's series is an estimate from the sampled
     * objects live at that moment, often a handful for a medium-lived pool, so one point is too
     * noisy to compare with another. The test compares levels, the median of the points in the
     * rise's last quarter against the median of those in its second quarter: a steady leak rises
     * by about half its growth between the two, a pool that filled at start by nothing.
     */
    static boolean stillRising(long[] t, long[] bytes, long growth) {
        long start = t[0];
        long span = t[t.length - 1] - start;
        double rise = median(bytes, window(t, start + 3 * span / 4, t[t.length - 1]))
                - median(bytes, window(t, start + span / 4, start + span / 2));
        return rise >= MIN_RECENT_SHARE * growth;
    }

    /**
     * The point at which survival is judged: the first at or after the middle of the rise at
     * which the site held anything, short of the last; -1 when there is none (a site that
     * appeared at the very end has nothing to have outlived).
     */
    static int survivalPoint(long[] t, long[] bytes) {
        long middle = t[0] + (t[t.length - 1] - t[0]) / 2;
        for (int i = 0; i < t.length - 1; i++) {
            if (t[i] >= middle && bytes[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A site must have been watched over most of the heap's rise to be said to grow with it. A
     * site's series begins with its first live sample and ends when none is left, so young
     * garbage (its sampled objects die at every young collection) gets a fresh series now and
     * then, a few points long, whose last point can be everything it allocated since the last
     * GC: a steep "rise" of a second or two.
     */
    private static boolean coversTheRise(long firstPoint, long sinceMillis, long now) {
        return firstPoint <= sinceMillis + (now - sinceMillis) / 2;
    }

    /** The indices of the points from {@code from} to {@code to}, or the first point after {@code from} if none falls in between. */
    private static int[] window(long[] t, long from, long to) {
        int first = 0;
        while (first < t.length - 1 && t[first] < from) {
            first++;
        }
        int last = first;
        while (last + 1 < t.length && t[last + 1] <= to) {
            last++;
        }
        return new int[] {first, last};
    }

    private static double median(long[] values, int[] window) {
        double[] v = new double[window[1] - window[0] + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[window[0] + i];
        }
        return Trend.median(v);
    }

    /**
     * @param sinceMillis when the heap's rise began (uptime)
     * @param heapGrowth  how much the heap floor rose since then
     */
    static List<Suspect> find(List<AllocationSnapshot.SiteStats> candidates, long sinceMillis, long heapGrowth) {
        List<Suspect> suspects = new ArrayList<>();
        if (heapGrowth <= 0) {
            return suspects;
        }
        for (AllocationSnapshot.SiteStats s : candidates) {
            long[] t = s.liveSeries()[0];
            long[] y = s.liveSeries()[1];
            long[] surviving = s.liveSeries()[2];
            int from = 0;
            while (from < t.length && t[from] < sinceMillis) {
                from++;
            }
            if (from > 0) {
                from--; // the last point before the rise is its baseline
            }
            if (t.length - from < MIN_POINTS || !coversTheRise(t[from], sinceMillis, t[t.length - 1])) {
                continue;
            }
            long[] wt = Arrays.copyOfRange(t, from, t.length);
            long[] wy = Arrays.copyOfRange(y, from, y.length);
            long growth = wy[wy.length - 1] - wy[0];
            double share = (double) growth / heapGrowth;
            if (growth <= 0 || share < MIN_SHARE || Trend.of(wt, wy).kendallTau < MIN_TAU || !stillRising(wt, wy, growth)) {
                continue;
            }
            int p = survivalPoint(wt, wy);
            double survival = p < 0 ? 1.0 : Math.min(1.0, (double) surviving[from + p] / wy[p]);
            if (survival < MIN_SURVIVAL) {
                continue;
            }
            suspects.add(new Suspect(s, growth, Math.min(1.0, share), survival, p < 0 ? 0 : wt[wt.length - 1] - wt[p]));
        }
        suspects.sort((a, b) -> Long.compare(b.growth, a.growth));
        return suspects.size() > MAX_SITES ? new ArrayList<>(suspects.subList(0, MAX_SITES)) : suspects;
    }
}
