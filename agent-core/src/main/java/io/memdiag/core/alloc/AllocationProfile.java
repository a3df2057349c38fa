package io.memdiag.core.alloc;

import io.memdiag.core.ring.EventHandler;
import io.memdiag.core.ring.EventType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sampler thread's side of allocation profiling: adds up the samples drained from the ring
 * per site (allocated bytes and objects), and after each GC counts the sampled objects still
 * reachable per site (live bytes), keeping a short series per site so the leak detector can
 * see which sites grow in step with the heap.
 *
 * <p>Bounded: totals exist only for sites (capped by {@link AllocationSites}); a series only for
 * sites with live samples (capped by the live table), each {@link #SERIES_POINTS} long.
 */
public final class AllocationProfile implements EventHandler {

    static final int SERIES_POINTS = 48;
    private static final int REPORTED_SITES = 10;
    private static final int REPORTED_STACKS = 2;

    private final AllocationSampler sampler;
    private final Map<Integer, Totals> totals = new HashMap<>();
    private final Map<Integer, Series> series = new HashMap<>();
    private final Map<Integer, long[]> liveNow = new HashMap<>();
    private long lastGcCycles = -1;
    private long lastObservedMillis;

    public AllocationProfile(AllocationSampler sampler) {
        this.sampler = sampler;
    }

    @Override
    public void onEvent(int type, long a, long b, long c) {
        if (type != EventType.ALLOC_SAMPLE || b <= 0) {
            return;
        }
        Totals t = totals.computeIfAbsent((int) a, k -> new Totals());
        t.samples++;
        t.bytes += c;
        t.objects += (double) c / b;
    }

    /**
     * Counts the sampled objects not collected yet, per site; after a GC (weak references are
     * cleared only by one, so only then is the count news) it becomes a point of each site's
     * live series. Sampler thread; a scan of the fixed-size table.
     *
     * @param gcCycles     GC cycles seen so far
     * @param uptimeMillis now, on the GC points' clock
     */
    public synchronized void observe(long gcCycles, long uptimeMillis) {
        liveNow.clear();
        sampler.live().forEachLive(s -> {
            long[] sums = liveNow.computeIfAbsent(s.site, k -> new long[2]);
            sums[0] += s.weight;
            sums[1] += Math.max(1, s.weight / Math.max(1, s.size));
        });
        if (gcCycles == lastGcCycles && uptimeMillis - lastObservedMillis < 60_000) {
            return;
        }
        lastGcCycles = gcCycles;
        lastObservedMillis = uptimeMillis;
        series.keySet().removeIf(site -> !liveNow.containsKey(site));
        for (Map.Entry<Integer, long[]> e : liveNow.entrySet()) {
            series.computeIfAbsent(e.getKey(), k -> new Series()).add(uptimeMillis, e.getValue()[0], sampler.lastSequence());
        }
    }

    /**
     * What a report takes from the profile: the snapshot it prints, and every site with a live
     * series for the leak detector (the top sites alone could miss a slow grower).
     */
    public record Reading(AllocationSnapshot snapshot, List<AllocationSnapshot.SiteStats> growingCandidates) {
    }

    /**
     * Sampler thread, at each report: one pass over the live table (survivors and the count of
     * samples held), one grouping of the stacks, and the sites' figures built once for both the
     * snapshot and the candidates.
     */
    public synchronized Reading read() {
        Map<Integer, List<StackTraceSample>> stacks = sampler.stacks().bySite(REPORTED_STACKS);
        Map<Integer, long[]> survivors = new HashMap<>();
        int held = survivors(survivors);
        java.util.Set<Integer> ids = new java.util.HashSet<>(totals.keySet());
        ids.addAll(liveNow.keySet());
        List<AllocationSnapshot.SiteStats> all = new ArrayList<>();
        Map<Integer, AllocationSnapshot.SiteStats> byId = new HashMap<>();
        for (int id : ids) {
            AllocationSite site = sampler.sites().get(id);
            if (site == null) {
                continue;
            }
            AllocationSnapshot.SiteStats stats = stats(site, stacks, survivors);
            all.add(stats);
            byId.put(id, stats);
        }
        List<AllocationSnapshot.SiteStats> byAllocated = top(all, Comparator.comparingLong(AllocationSnapshot.SiteStats::allocatedBytes));
        List<AllocationSnapshot.SiteStats> byLive = top(all, Comparator.comparingLong(AllocationSnapshot.SiteStats::liveBytes));
        byLive.removeIf(st -> st.liveBytes() == 0);
        AllocationSnapshot snapshot = new AllocationSnapshot(sampler.rate(), sampler.effectiveRate(), sampler.maxPerSecond(),
                sampler.taken(), sampler.throttled(), sampler.sites().size(), sampler.sites().refused(), sampler.sites().capacity(),
                sampler.live().capacity(), held, sampler.live().evicted(), sampler.notFollowed(), sampler.stacks().overflow(),
                byAllocated, byLive);
        List<AllocationSnapshot.SiteStats> candidates = new ArrayList<>();
        for (int id : series.keySet()) {
            // built above, unless the site has no live sample left since the last GC point (and
            // no totals): series are pruned only after a GC
            AllocationSnapshot.SiteStats stats = byId.get(id);
            AllocationSite site = stats == null ? sampler.sites().get(id) : null;
            if (site != null) {
                stats = stats(site, stacks, survivors);
            }
            if (stats != null) {
                candidates.add(stats);
            }
        }
        return new Reading(snapshot, candidates);
    }

    /**
     * Fills, for each site with a series and each of its points, the bytes still live now of the
     * samples taken up to that point; returns how many samples the live table holds.
     */
    private int survivors(Map<Integer, long[]> result) {
        int[] held = {0};
        sampler.live().forEachLive(s -> {
            held[0]++;
            Series points = series.get(s.site);
            if (points != null) {
                points.addSurvivor(result.computeIfAbsent(s.site, k -> new long[points.size]), s.sequence, s.weight);
            }
        });
        return held[0];
    }

    private AllocationSnapshot.SiteStats stats(AllocationSite site, Map<Integer, List<StackTraceSample>> stacks,
                                               Map<Integer, long[]> survivors) {
        List<List<String>> frames = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        for (StackTraceSample stack : stacks.getOrDefault(site.id(), List.of())) {
            frames.add(stack.frames);
            threads.add(stack.thread);
        }
        Totals t = totals.get(site.id());
        long[] live = liveNow.get(site.id());
        Series s = series.get(site.id());
        return new AllocationSnapshot.SiteStats(site, t == null ? 0 : t.bytes, t == null ? 0 : Math.round(t.objects),
                t == null ? 0 : t.samples, live == null ? 0 : live[0], live == null ? 0 : live[1],
                s == null ? new long[][] {new long[0], new long[0], new long[0]} : s.points(survivors.get(site.id())),
                List.copyOf(frames), List.copyOf(threads));
    }

    private static List<AllocationSnapshot.SiteStats> top(List<AllocationSnapshot.SiteStats> all,
                                                          Comparator<AllocationSnapshot.SiteStats> by) {
        List<AllocationSnapshot.SiteStats> sorted = new ArrayList<>(all);
        sorted.sort(by.reversed());
        return new ArrayList<>(sorted.subList(0, Math.min(REPORTED_SITES, sorted.size())));
    }

    private static final class Totals {
        long samples;
        long bytes;
        double objects;
    }

    /**
     * Live bytes after GCs over the whole run in at most {@link #SERIES_POINTS} points: when
     * full, every other point is dropped and points are taken half as often, so the series
     * always spans from the site's first live sample to now.
     */
    private static final class Series {
        private final long[] t = new long[SERIES_POINTS];
        private final long[] bytes = new long[SERIES_POINTS];
        /** The sampler's newest sequence number at each point: which samples were taken by then. */
        private final long[] sequence = new long[SERIES_POINTS];
        private int size;
        private long strideMillis;

        void add(long uptimeMillis, long liveBytes, long lastSequence) {
            // Too soon after the last settled point: the newest point moves to now. (Measured from
            // the newest point itself, which moves, no point would ever settle again.)
            if (size > 1 && uptimeMillis - t[size - 2] < strideMillis) {
                bytes[size - 1] = liveBytes;
                sequence[size - 1] = lastSequence;
                t[size - 1] = uptimeMillis;
                return;
            }
            if (size == SERIES_POINTS) {
                for (int i = 0; i < SERIES_POINTS / 2; i++) {
                    t[i] = t[2 * i];
                    bytes[i] = bytes[2 * i];
                    sequence[i] = sequence[2 * i];
                }
                size = SERIES_POINTS / 2;
                strideMillis = Math.max(1, (t[size - 1] - t[0]) / (size - 1));
            }
            t[size] = uptimeMillis;
            bytes[size] = liveBytes;
            sequence[size] = lastSequence;
            size++;
        }

        /**
         * A live sample survives from every point taken after it: its weight goes to the first
         * such point, and {@link #points} sums them up. A sample newer than every point adds nothing.
         */
        void addSurvivor(long[] firstPoints, long sampleSequence, long weight) {
            int first = 0;
            int end = size;
            while (first < end) { // the first point whose sequence is at least the sample's
                int mid = (first + end) >>> 1;
                if (sequence[mid] < sampleSequence) {
                    first = mid + 1;
                } else {
                    end = mid;
                }
            }
            if (first < size) {
                firstPoints[first] += weight;
            }
        }

        long[][] points(long[] firstPoints) {
            long[] surviving = new long[size];
            long sum = 0;
            for (int i = 0; i < size; i++) {
                sum += firstPoints == null ? 0 : firstPoints[i];
                surviving[i] = sum;
            }
            return new long[][] {Arrays.copyOf(t, size), Arrays.copyOf(bytes, size), surviving};
        }
    }
}
