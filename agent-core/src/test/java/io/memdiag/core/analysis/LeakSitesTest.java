package io.memdiag.core.analysis;

import io.memdiag.core.alloc.AllocationSite;
import io.memdiag.core.alloc.AllocationSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakSitesTest {

    private static final long MB = 1024 * 1024;

    private static AllocationSnapshot.SiteStats site(String method, long[] t, long[] live) {
        return new AllocationSnapshot.SiteStats(new AllocationSite(1, "p.C", method, "C.java", 7, "byte[]"),
                0, 0, 0, live[live.length - 1], 0, new long[][] {t, live}, List.of(List.of("p.C." + method + "(C.java:7)", "p.Main.main(Main.java:3)")), List.of("main"));
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
        assertEquals("p.C.leak(C.java:7) allocates byte[]: live +80.0 MB during the rise (80% of the growth), 80.0 MB live now;"
                + " called from p.Main.main(Main.java:3)", s.describe());
    }

    @Test
    void pointsBeforeTheRiseAreNotCounted() {
        long[] t = {0, 1000, 2000, 3000, 4000, 5000};
        AllocationSnapshot.SiteStats early = site("early", t, new long[] {0, 50 * MB, 50 * MB, 50 * MB, 50 * MB, 50 * MB});
        assertTrue(LeakSites.find(List.of(early), 2000, 40 * MB).isEmpty(), "grew before the rise, flat during it");
    }
}
