package io.memdiag.core.alloc;

import io.memdiag.core.ring.RingBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live bytes come from weak references the real collector clears: this test runs real GCs. */
class AllocationProfileTest {

    /**
     * The live table probes eight slots from a random one and evicts when all eight are taken: at
     * 20 samples in 64 slots that happened about once in a few hundred runs and made a test that
     * counts every sample fail. With this many slots it does not; eviction has its own test below.
     */
    private static final int LIVE_SLOTS = 1 << 14;

    @Test
    void liveBytesFollowReachabilityAndAllocatedBytesAddUp() {
        RingBuffer ring = new RingBuffer(1024);
        AllocationSites sites = new AllocationSites(8);
        int kept = sites.visit("p.Cache", "Cache.java").next("put", 5, "byte[]");
        int dropped = sites.visit("p.Work", "Work.java").next("run", 9, "byte[]");
        AllocationSampler sampler = new AllocationSampler(1024, 1_000_000, 1, ring, sites, LIVE_SLOTS, 16, 4);
        AllocationProfile profile = new AllocationProfile(sampler);
        List<byte[]> cache = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] b = new byte[4096];
            cache.add(b);
            sampler.sampled(b, 4096, kept, 0);
            sampler.sampled(new byte[4096], 4096, dropped, 0);
        }
        ring.drain(profile, Integer.MAX_VALUE);
        System.gc();
        profile.observe(1, 1000);
        AllocationSnapshot s = profile.read().snapshot();
        assertEquals(20, s.samples());
        assertEquals(2, s.byAllocated().size());
        for (AllocationSnapshot.SiteStats site : s.byAllocated()) {
            assertTrue(site.allocatedBytes() >= 10 * 4096, site.toString());
            assertEquals(10, site.samples());
        }
        assertEquals(1, s.byLive().size(), "only the cache's samples survive a GC: " + s.byLive());
        AllocationSnapshot.SiteStats live = s.byLive().get(0);
        assertEquals("p.Cache.put(Cache.java:5)", live.site().location());
        assertEquals(10, live.liveObjects());
        assertEquals(1, live.liveSeries()[0].length);
        // this test sits in an agent package, so its own frames are skipped like the agent's
        assertTrue(!live.stacks().isEmpty() && !live.stacks().get(0).get(0).startsWith("io.memdiag."),
                "a stack without the agent's frames: " + live.stacks());
        assertEquals(10, s.liveHeld());
        cache.clear();
    }

    @Test
    void survivorsCountWhatEachPointHeldThatIsStillLive() {
        AllocationSites sites = new AllocationSites(4);
        int site = sites.visit("p.Pool", null).next("take", 3, "byte[]");
        AllocationSampler sampler = new AllocationSampler(1024, 1_000_000, 1, new RingBuffer(1 << 12), sites, LIVE_SLOTS, 16, 4);
        AllocationProfile profile = new AllocationProfile(sampler);
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(sample(sampler, site));
        }
        profile.observe(1, 1000);
        for (int i = 0; i < 4; i++) {
            second.add(sample(sampler, site));
        }
        profile.observe(2, 2000);
        first.subList(0, 3).clear(); // three of the first point's four objects die
        System.gc();
        profile.observe(3, 3000);
        long[][] series = profile.read().growingCandidates().get(0).liveSeries();
        long w = series[1][0] / 4;
        assertEquals(List.of(4 * w, 8 * w, 5 * w), List.of(series[1][0], series[1][1], series[1][2]), "live at each point");
        assertEquals(List.of(w, 5 * w, 5 * w), List.of(series[2][0], series[2][1], series[2][2]), "still live now of what each held");
        assertEquals(5, first.size() + second.size());
    }

    private static byte[] sample(AllocationSampler sampler, int site) {
        byte[] b = new byte[4096];
        sampler.sampled(b, 4096, site, 0);
        return b;
    }

    @Test
    void liveSeriesSpansTheWholeRunInBoundedPoints() {
        AllocationSites sites = new AllocationSites(4);
        int site = sites.visit("p.C", null).next("m", -1, "byte[]");
        AllocationSampler sampler = new AllocationSampler(1024, 1_000_000, 1, new RingBuffer(1 << 12), sites, 16, 16, 4);
        AllocationProfile profile = new AllocationProfile(sampler);
        byte[] keep = new byte[64];
        sampler.sampled(keep, 64, site, 0);
        for (int gc = 1; gc <= 1000; gc++) {
            profile.observe(gc, gc * 1000L);
        }
        long[] t = profile.read().growingCandidates().get(0).liveSeries()[0];
        assertTrue(t.length <= AllocationProfile.SERIES_POINTS, "bounded: " + t.length);
        assertTrue(t[0] <= 2000, "still starts near the beginning: " + t[0]);
        assertEquals(1_000_000L, t[t.length - 1], "and ends now");
        long widestGap = 0;
        for (int i = 1; i < t.length; i++) {
            widestGap = Math.max(widestGap, t[i] - t[i - 1]);
        }
        // after the first halving the points must keep coming, not freeze with one newest point moving on
        assertTrue(widestGap <= (t[t.length - 1] - t[0]) / 6, "evenly spread: " + java.util.Arrays.toString(t));
        assertEquals(64, keep.length);
    }

    @Test
    void aFullLiveTableEvictsAndCounts() {
        AllocationSites sites = new AllocationSites(4);
        int site = sites.visit("p.C", null).next("m", -1, "byte[]");
        AllocationSampler sampler = new AllocationSampler(1024, 1_000_000, 1, new RingBuffer(1 << 12), sites, 64, 16, 4);
        List<byte[]> keep = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[32];
            keep.add(b);
            sampler.sampled(b, 32, site, 0);
        }
        AllocationProfile profile = new AllocationProfile(sampler);
        profile.observe(1, 1);
        AllocationSnapshot s = profile.read().snapshot();
        assertEquals(64, s.liveCapacity());
        assertTrue(s.liveHeld() <= 64, "never more than the cap: " + s.liveHeld());
        assertTrue(s.evicted() >= 200 - 64, "the rest were evicted and counted: " + s.evicted());
        assertEquals(200, keep.size());
    }
}
