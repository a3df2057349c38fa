package io.memdiag.core.resources;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceTrackerTest {

    private static ResourceSnapshot.SiteStats only(ResourceSnapshot s) {
        assertEquals(1, s.sites().size(), s.sites().toString());
        return s.sites().get(0);
    }

    private static void openHere(ResourceTracker t, Object resource) {
        io.memdiag.testapp.Opener.openFromCaller(t, resource);
    }

    @Test
    void countsPerSiteAndForgetsOnClose() {
        ResourceTracker t = new ResourceTracker(1024, 64, 8);
        List<Object> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Object r = new Object();
            openHere(t, r);
            open.add(r);
        }
        for (int i = 0; i < 4; i++) {
            t.closed(open.get(i));
            t.closed(open.get(i)); // closing twice counts once
        }
        ResourceSnapshot.SiteStats s = only(t.snapshot());
        assertEquals(10, s.opened());
        assertEquals(4, s.closed());
        assertEquals(6, s.openNow());
        assertEquals(ResourceKind.FILE_INPUT_STREAM, s.kind());
        assertTrue(s.site().startsWith("io.memdiag.testapp.Opener.open(Opener.java:"), s.site());
        assertTrue(s.stack().get(1).startsWith("io.memdiag.testapp.Opener.openFromCaller(Opener.java:"), String.join("\n", s.stack()));
        assertEquals(8, s.stack().size(), "stack depth as configured");
        assertTrue(t.snapshot().oldestOpenAtMillis() > 0);
        for (int i = 4; i < 10; i++) {
            t.closed(open.get(i));
        }
        assertEquals(-1, t.snapshot().oldestOpenAtMillis(), "nothing open: no oldest");
    }

    @Test
    void twoOpensOnOneLineAreOneSite() {
        ResourceTracker t = new ResourceTracker(1024, 64, 8);
        for (int i = 0; i < 3; i++) {
            io.memdiag.testapp.Opener.openTwoOnOneLine(t, new Object(), new Object());
        }
        ResourceSnapshot.SiteStats s = only(t.snapshot());
        assertEquals(6, s.opened());
        assertTrue(s.site().startsWith("io.memdiag.testapp.Opener.openTwoOnOneLine(Opener.java:"), s.site());
    }

    @Test
    void nestedConstructorsOpenOnce() {
        ResourceTracker t = new ResourceTracker(1024, 64, 8);
        Object r = new Object();
        openHere(t, r);
        openHere(t, r); // FileInputStream(String) delegating to FileInputStream(File): both hooks fire
        assertEquals(1, only(t.snapshot()).opened());
    }

    @Test
    void collectedWithoutCloseIsALeakOfItsSite() throws Exception {
        ResourceTracker t = new ResourceTracker(1024, 64, 8);
        for (int i = 0; i < 20; i++) {
            openHere(t, new Object()); // dropped at once: unreachable and never closed
        }
        Object kept = new Object();
        openHere(t, kept);
        long deadline = System.currentTimeMillis() + 10_000;
        int leaks = 0;
        while (leaks < 20 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
            leaks += t.drain();
        }
        assertEquals(20, leaks);
        ResourceSnapshot.SiteStats s = only(t.snapshot());
        assertEquals(20, s.collectedUnclosed());
        assertEquals(1, s.openNow(), "the one still referenced is open, not leaked");
        t.closed(kept);
        assertEquals(0, only(t.snapshot()).openNow());
    }

    @Test
    void closedBeforeCollectionIsNoLeak() throws Exception {
        ResourceTracker t = new ResourceTracker(1024, 64, 8);
        for (int i = 0; i < 50; i++) {
            Object r = new Object();
            openHere(t, r);
            t.closed(r);
        }
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            t.drain();
        }
        assertEquals(0, only(t.snapshot()).collectedUnclosed());
    }

    @Test
    void fullTableCountsOverflowAndStaysBounded() {
        ResourceTracker t = new ResourceTracker(64, 64, 8);
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Object r = new Object();
            keep.add(r);
            openHere(t, r);
        }
        ResourceSnapshot s = t.snapshot();
        assertTrue(s.tableOverflow() > 0, "overflow counted");
        assertTrue(only(s).openNow() <= 128, "never more tracked than the table holds: " + only(s).openNow());
        assertEquals(1000, s.tracked());
        assertFalse(keep.isEmpty());
    }

    @Test
    void siteTableIsCappedWithAnOverflowSite() {
        SiteTable sites = new SiteTable(3);
        for (int i = 0; i < 10; i++) {
            sites.site("a.B.m(B.java:" + i + ")", ResourceKind.FILE_CHANNEL).opened.incrementAndGet();
        }
        assertEquals(7, sites.overflowed());
        assertEquals(4, sites.all().size(), "3 real sites and the overflow site");
        assertTrue(sites.all().stream().anyMatch(s -> s.frame().equals(SiteTable.OVERFLOW_FRAME) && s.opened() == 7));
    }

    @Test
    void infrastructureFramesAreSkipped() {
        assertTrue(StackCapture.isInfrastructure("java.io.FileInputStream"));
        assertTrue(StackCapture.isInfrastructure("sun.nio.ch.FileChannelImpl"));
        assertTrue(StackCapture.isInfrastructure("io.memdiag.agent.instrument.X"));
        assertFalse(StackCapture.isInfrastructure("io.memdiag.samples.LeakyFiles"));
        assertFalse(StackCapture.isInfrastructure("com.example.App"));
    }
}
