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

    /** Collects and drains until {@code expected} leaks are found, or ten seconds pass: the leaks found. */
    private static int drainLeaks(ResourceTracker t, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        int leaks = 0;
        while (leaks < expected && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
            leaks += t.drain();
        }
        return leaks;
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
        assertEquals(20, drainLeaks(t, 20));
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
    void opensBeyondTheWalkBudgetAreTrackedWithoutASite() throws Exception {
        ResourceTracker t = new ResourceTracker(1024, 64, 8, List.of(), 5);
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Object r = new Object();
            openHere(t, r);
            if (i % 2 == 0) {
                kept.add(r);
            } // the others are dropped unclosed: leaks, with a site or without
        }
        ResourceSnapshot s = t.snapshot();
        long atSite = only(s).opened();
        assertTrue(atSite >= 5 && atSite < 50, "the first second's five lookups, a few more only if it took over a second: " + atSite);
        assertEquals(1, s.unattributed().size());
        ResourceSnapshot.SiteStats rest = s.unattributed().get(0);
        assertEquals(SiteTable.UNATTRIBUTED_FRAME, rest.site());
        assertEquals(ResourceKind.FILE_INPUT_STREAM, rest.kind());
        assertEquals(50 - atSite, rest.opened());
        assertEquals(50 - atSite, s.notAttributed());
        assertEquals(50, s.tracked());
        assertEquals(50, s.openNow(), "every open is tracked, looked up or not");
        assertEquals(5, s.walksPerSecond());

        assertEquals(25, drainLeaks(t, 25));
        for (Object r : kept) {
            t.closed(r);
        }
        s = t.snapshot();
        assertEquals(25, s.collectedUnclosed());
        assertEquals(0, s.openNow());
        assertEquals(s.unattributed().get(0).opened(), s.unattributed().get(0).closed() + s.unattributed().get(0).collectedUnclosed(),
                "closes and leaks of opens without a site are counted where they were opened");
        assertEquals(25, only(s).collectedUnclosed() + s.collectedUnclosedNotAttributed());
    }

    @Test
    void aRandomAccessFileIsAlwaysLookedUpForTheZipFileThatMayOwnIt() {
        ResourceTracker t = new ResourceTracker(1024, 64, 8, List.of(), 1);
        for (int i = 0; i < 20; i++) {
            io.memdiag.testapp.Opener.openRandomAccessFile(t, new Object());
        }
        ResourceSnapshot s = t.snapshot();
        assertEquals(20, only(s).opened());
        assertTrue(s.unattributed().isEmpty(), s.unattributed().toString());
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
