package io.memdiag.core.analysis;

import io.memdiag.core.alloc.AllocationSite;
import io.memdiag.core.alloc.AllocationSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakSitesTest {

    private static final long MB = 1024 * 1024;

    /** A site whose objects all stay: what it held at each point is still live. */
    private static AllocationSnapshot.SiteStats site(String method, long[] t, long[] live) {
        return site(method, t, live, live.clone());
    }

    private static AllocationSnapshot.SiteStats site(String method, long[] t, long[] live, long[] surviving) {
        return new AllocationSnapshot.SiteStats(new AllocationSite(1, "p.C", method, "C.java", 7, "byte[]"),
                0, 0, 0, live[live.length - 1], 0, new long[][] {t, live, surviving}, List.of(List.of("p.C." + method + "(C.java:7)", "p.Main.main(Main.java:3)")), List.of("main"));
    }

    @Test
    void namesTheSiteThatGrowsWithTheHeapAndNotOneThatFilledUpAtStart() {
        long[] t = {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000};
        AllocationSnapshot.SiteStats leak = site("leak", t, new long[] {0, 10 * MB, 20 * MB, 30 * MB, 40 * MB, 50 * MB, 60 * MB, 70 * MB, 80 * MB});
        AllocationSnapshot.SiteStats warmCache = site("warm", t, new long[] {0, 8 * MB, 9 * MB, 9 * MB, 8 * MB, 9 * MB, 9 * MB, 8 * MB, 9 * MB});
        AllocationSnapshot.SiteStats small = site("small", t, new long[] {0, 0, 0, MB / 4, MB / 4, MB / 2, MB / 2, MB, MB});
        List<LeakSites.Suspect> suspects = LeakSites.find(List.of(warmCache, small, leak), 0, 100 * MB);
        assertEquals(1, suspects.size(), suspects.toString());
        LeakSites.Suspect s = suspects.get(0);
        assertEquals("leak", s.stats().site().method());
        assertEquals(0.8, s.share(), 1e-9);
        assertEquals("p.C.leak(C.java:7) allocates byte[]: live +80.0 MB during the rise (80% of the growth), 80.0 MB live now,"
                + " 100% of what it held 4.0 s ago still live;"
                + " called from p.Main.main(Main.java:3)", s.describe());
    }

    @Test
    void aFullSessionPoolWithNoisyEstimatesIsNotStillRising() {
        // sessions fill 8 MB in the first seconds and then stay; each point is an estimate from
        // the few dozen sampled objects live at the time, and the last one came out high. Its
        // Kendall tau (0.53) passes, and its last point is 3 MB above the one after the middle.
        long[] t = new long[16];
        long[] sessions = {1, 4, 6, 7, 8, 7, 9, 8, 7, 9, 8, 8, 9, 7, 8, 10};
        long[] leak = new long[16];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 1000L;
            sessions[i] *= MB;
            leak[i] = i * 5 * MB;
        }
        List<LeakSites.Suspect> suspects = LeakSites.find(List.of(site("sessions", t, sessions), site("leak", t, leak)), 0, 85 * MB);
        assertEquals(List.of("leak"), suspects.stream().map(x -> x.stats().site().method()).toList());
    }

    private static boolean stillRising(long[] t, long[] y) {
        return LeakSites.stillRising(t, y, y[y.length - 1] - y[0]);
    }

    @Test
    void aSteadyLeakSeenInFewPointsIsStillRising() {
        long[] t = {0, 2000, 4000, 6000, 8000};
        assertTrue(stillRising(t, new long[] {0, 10 * MB, 20 * MB, 30 * MB, 40 * MB}));
        assertTrue(stillRising(new long[] {0, 5000, 10000}, new long[] {0, 10 * MB, 20 * MB}));
        assertFalse(stillRising(t, new long[] {0, 40 * MB, 40 * MB, 40 * MB, 40 * MB}));
    }

    @Test
    void aLeakThatStartedHalfwayIsStillRising() {
        long[] t = {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000};
        assertTrue(stillRising(t, new long[] {0, 0, 0, 0, 0, 10 * MB, 20 * MB, 30 * MB, 40 * MB}));
    }

    @Test
    void aPoolWhoseObjectsDiedIsNotALeakSiteHoweverItsEstimateRose() {
        // LeakyCache's sessions in a run on JDK 17: 8 MB that expire after a second, whose
        // estimate still rose to 15 MB in the later half (dead sessions in the old generation
        // wait for a marking cycle to be cleared, and cycles grow longer as the heap fills)
        long[] t = {1333, 2133, 2933, 3535, 4133, 4534, 4933, 5333, 5733, 6333, 6733, 7333, 7933, 8333, 8933, 9333, 9933,
                10333, 10733, 11333, 11733, 12134, 12533, 13133, 13535, 13933, 14333, 14733, 15133, 15333, 15733, 16135, 16533,
                16733};
        long[] y = {2105388, 6772316, 8229785, 12707249, 15282764, 7337780, 4420656, 6630984, 5525820, 8844344, 6637048,
                7746760, 8853440, 8853440, 8853440, 8994407, 7934716, 6922014, 5768345, 12690359, 11536690, 10383021, 11536690,
                16151366, 14115370, 12079374, 13775727, 15472080, 19340100, 16761420, 11604060, 18050760, 12893400, 15472080};
        long[] nothingSurvives = new long[y.length];
        assertTrue(LeakSites.find(List.of(site("sessions", t, y, nothingSurvives)), 588, 77_202_432).isEmpty());
        assertEquals(1, LeakSites.find(List.of(site("sessions", t, y)), 588, 77_202_432).size(),
                "had its objects stayed, it would be named");
    }

    @Test
    void survivalIsJudgedWhereTheSiteHeldSomething() {
        long[] t = {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000};
        assertEquals(4, LeakSites.survivalPoint(t, new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals(6, LeakSites.survivalPoint(t, new long[] {0, 0, 0, 0, 0, 0, 6, 7, 8}));
        assertEquals(-1, LeakSites.survivalPoint(t, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 8}));
    }

    @Test
    void recordedLeakyCacheRunNamesTheCacheAlone() {
        // the live series memdiag kept for LeakyCache's two byte[] sites in one run (JDK 25, reports every 2 s)
        long[] tc = {759, 1754, 2554, 3354, 3954, 4354, 4954, 5354, 5754, 6354, 6754, 7154, 7558, 8154, 8554, 8954, 9354,
                9754, 10154, 10554, 10954, 11354, 11760, 12156, 12554, 12954, 13354, 13754, 14154, 14554, 14954, 15354, 15754,
                16154, 16554};
        long[] cache = {526347, 3158082, 5965990, 8645279, 11791950, 12961309, 17638745, 19977463, 19977463, 24654899,
                24654899, 28162976, 29332335, 31671053, 34009771, 35179130, 36348489, 37517848, 38687207, 43393995, 45747389,
                46924086, 48100783, 49277480, 50492599, 50492599, 50492599, 51707718, 56568194, 56568194, 56568194, 57783313,
                57783313, 60213551, 61428670};
        long[] ts = {1155, 2154, 2954, 3554, 4154, 4554, 5154, 5554, 6154, 6554, 6954, 7357, 7954, 8354, 8754, 9154, 9554,
                9954, 10354, 10754, 11154, 11554, 11954, 12354, 12754, 13154, 13554, 13954, 14154, 14554, 14954, 15354, 15754,
                16154, 16554};
        long[] sessions = {526347, 2982995, 8166486, 15087078, 14563996, 11512887, 15020964, 8185513, 4677436, 7016154,
                3508077, 5846795, 7016154, 10524231, 10524231, 11693590, 15201667, 14032308, 8192851, 4692112, 5868809,
                7060182, 11766970, 14197208, 17842565, 14427740, 10936071, 15796547, 9720952, 13366309, 3645357, 6075595,
                6075595, 7290714, 10993398};
        List<LeakSites.Suspect> suspects = LeakSites.find(List.of(site("sessions", ts, sessions), site("cache", tc, cache)), 0, 74_568_704);
        assertEquals(List.of("cache"), suspects.stream().map(x -> x.stats().site().method()).toList());
        assertTrue(stillRising(tc, cache));
    }

    @Test
    void aLeakSeenInBurstsByAThrottledSamplerIsStillRising() {
        // the cache of another LeakyCache run (JDK 25): the sampler, throttled by the churn, saw
        // no new cache sample for four seconds and then several at once
        long[] t = {2089, 3113, 3684, 4284, 4684, 5285, 5884, 6284, 6684, 7084, 7485, 7884, 8284, 8884, 9284, 9693, 10084,
                10485, 10885, 11285, 11684, 12084, 12485, 12884, 13284, 13684, 14084, 14484, 14884, 15284, 15684, 16084, 16484,
                16884, 17284};
        long[] y = {1052694, 6361499, 8798063, 12169265, 14038541, 17017059, 21454027, 23672511, 27000237, 28109479, 29341754,
                29341754, 31806304, 33038579, 33038579, 34270854, 36735404, 37967679, 39208062, 39208062, 40448445, 40448445,
                40448445, 40448445, 40448445, 40448445, 42929211, 42929211, 42929211, 42929211, 46650360, 51611892, 59054190,
                62775339, 65256105};
        assertTrue(stillRising(t, y));
    }

    @Test
    void youngGarbageSeenOnlyAtTheEndOfTheRiseIsNotALeakSite() {
        // LeakyCache's churn in a run on JDK 17: the rise began at 0.6 s; the churn's samples
        // had all died before 15 s, and its new series jumped with what the next GC would collect
        long[] t = {15166, 15366, 15764, 15968, 16164, 16368, 16564, 16764};
        long[] y = {1231311, 8617127, 2461597, 7386841, 17234254, 25850356, 6153480, 36922930};
        assertTrue(LeakSites.find(List.of(site("churn", t, y)), 602, 76_624_384).isEmpty());
        assertEquals(1, LeakSites.find(List.of(site("churn", t, y)), 15_000, 76_624_384).size(),
                "the same points over the whole rise would be named");
    }

    @Test
    void pointsBeforeTheRiseAreNotCounted() {
        long[] t = {0, 1000, 2000, 3000, 4000, 5000};
        AllocationSnapshot.SiteStats early = site("early", t, new long[] {0, 50 * MB, 50 * MB, 50 * MB, 50 * MB, 50 * MB});
        assertTrue(LeakSites.find(List.of(early), 2000, 40 * MB).isEmpty(), "grew before the rise, flat during it");
    }
}
