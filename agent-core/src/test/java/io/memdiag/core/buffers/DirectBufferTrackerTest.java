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
}
