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

    record Suspect(AllocationSnapshot.SiteStats stats, long growth, double share) {

        String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(stats.site().location()).append(" allocates ").append(stats.site().type())
                    .append(": live +").append(Units.bytes(growth)).append(" during the rise (")
                    .append(Math.round(share * 100)).append("% of the growth), ").append(Units.bytes(stats.liveBytes()))
                    .append(" live now");
            if (!stats.stacks().isEmpty() && stats.stacks().get(0).size() > 1) {
                List<String> frames = stats.stacks().get(0);
                sb.append("; called from ").append(String.join(" <- ", frames.subList(1, Math.min(4, frames.size()))));
            }
            return sb.toString();
        }
    }

    /** Share of a site's growth that must fall in the later half of the rise: it grows now, not only at warm-up. */
    static final double MIN_RECENT_SHARE = 0.25;

    private LeakSites() {
    }

    /** A site that filled up at start and then stayed flat (a warm cache, a session pool) is not growing with the heap. */
    private static boolean stillRising(long[] t, long[] y, long growth) {
        long middle = t[0] + (t[t.length - 1] - t[0]) / 2;
        int m = 0;
        while (m < t.length - 1 && t[m] < middle) {
            m++;
        }
        return y[y.length - 1] - y[m] >= MIN_RECENT_SHARE * growth;
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
            int from = 0;
            while (from < t.length && t[from] < sinceMillis) {
                from++;
            }
            if (from > 0) {
                from--; // the last point before the rise is its baseline
            }
            if (t.length - from < MIN_POINTS) {
                continue;
            }
            long[] wt = Arrays.copyOfRange(t, from, t.length);
            long[] wy = Arrays.copyOfRange(y, from, y.length);
            long growth = wy[wy.length - 1] - wy[0];
            double share = (double) growth / heapGrowth;
            if (growth <= 0 || share < MIN_SHARE || Trend.of(wt, wy).kendallTau < MIN_TAU
                    || !stillRising(wt, wy, growth)) {
                continue;
            }
            suspects.add(new Suspect(s, growth, Math.min(1.0, share)));
        }
        suspects.sort((a, b) -> Long.compare(b.growth, a.growth));
        return suspects.size() > MAX_SITES ? new ArrayList<>(suspects.subList(0, MAX_SITES)) : suspects;
    }
}
