package io.memdiag.core.buffers;

import io.memdiag.testapp.Opener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectBufferTrackerTest {

    @Test
    void liveBytesPerAllocationSiteFallWhenBuffersAreCollected() throws Exception {
        DirectBufferTracker t = new DirectBufferTracker(8);
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Object buffer = new Object();
            Opener.allocateDirect(t, buffer, 1000);
            if (i < 4) {
                kept.add(buffer);
            }
        }
        DirectBufferTracker.SiteStats s = t.snapshot().get(0);
        assertTrue(s.site().startsWith("io.memdiag.testapp.Opener.allocateDirect(Opener.java:"), s.site());
        assertEquals(10, s.allocated());
        assertEquals(10_000, s.allocatedBytes());
        long deadline = System.currentTimeMillis() + 10_000;
        while (t.snapshot().get(0).liveCount() > 4 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(4_000, t.snapshot().get(0).liveBytes(), "only the kept buffers are live");
        assertEquals(4, kept.size());
    }

    @Test
    void allocationsBeyondTheWalkBudgetAreCountedWithoutASite() {
        DirectBufferTracker t = new DirectBufferTracker(8, 5);
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Object buffer = new Object();
            kept.add(buffer);
            Opener.allocateDirect(t, buffer, 100);
        }
        List<DirectBufferTracker.SiteStats> stats = t.snapshot();
        assertEquals(2, stats.size(), stats.toString());
        DirectBufferTracker.SiteStats rest = stats.stream().filter(s -> !s.attributed()).findFirst().orElseThrow();
        DirectBufferTracker.SiteStats site = stats.stream().filter(DirectBufferTracker.SiteStats::attributed).findFirst().orElseThrow();
        assertEquals(DirectBufferTracker.UNATTRIBUTED, rest.site());
        assertTrue(site.allocated() >= 5 && site.allocated() < 50, "the first second's five lookups: " + site);
        assertEquals(50, site.allocated() + rest.allocated());
        assertEquals(5_000, site.liveBytes() + rest.liveBytes(), "every buffer is remembered, looked up or not");
        assertEquals(50, kept.size());
    }

    @Test
    void aSiteRemembersAtMostItsCapOfBuffersAndReusesTheSlotsOfCollectedOnes() throws Exception {
        DirectBufferTracker t = new DirectBufferTracker(8);
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 3 * DirectBufferTracker.PER_SITE; i++) {
            Object buffer = new Object();
            kept.add(buffer);
            Opener.allocateDirect(t, buffer, 10);
        }
        DirectBufferTracker.SiteStats full = t.snapshot().get(0);
        assertEquals(3 * DirectBufferTracker.PER_SITE, full.allocated(), "every allocation counted");
        assertEquals(DirectBufferTracker.PER_SITE, full.liveCount(), "no more remembered than the cap");
        kept.clear();
        long deadline = System.currentTimeMillis() + 10_000;
        while (t.snapshot().get(0).liveCount() > 0 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, t.snapshot().get(0).liveCount());
        for (int i = 0; i < 100; i++) {
            Object buffer = new Object();
            kept.add(buffer);
            Opener.allocateDirect(t, buffer, 10);
        }
        assertEquals(100, t.snapshot().get(0).liveCount(), "the collected ones' slots take new buffers");
    }

    @Test
    void threadsAllocatingAtOnceLoseNoCount() throws Exception {
        DirectBufferTracker t = new DirectBufferTracker(8);
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    Opener.allocateDirect(t, new Object(), 1);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        DirectBufferTracker.SiteStats s = t.snapshot().get(0);
        assertEquals(20_000, s.allocated());
        assertEquals(20_000, s.allocatedBytes());
    }
}
