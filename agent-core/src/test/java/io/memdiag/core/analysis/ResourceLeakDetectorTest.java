package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.resources.ResourceSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceLeakDetectorTest {

    private final ResourceLeakDetector detector = new ResourceLeakDetector();

    private static MemorySample fds(long open, long limit) {
        return new MemorySample(0, 0, 1, 2, 3, 1, 0, Map.of(), 0, 0, 1, ProcessMemory.UNAVAILABLE, open, limit, null);
    }

    private static AnalysisInput input(ResourceSnapshot r, MemorySample last) {
        return new AnalysisInput(List.of(last), List.of(), Series.g1Jdk17(1, 2, false), r);
    }

    private static ResourceSnapshot.SiteStats site(String frame, ResourceKind kind, long opened, long closed, long leaked) {
        return new ResourceSnapshot.SiteStats(frame, kind, opened, closed, leaked, opened - closed - leaked, List.of(frame));
    }

    @Test
    void collectedWithoutCloseNamesTheSitesAndTheFix() {
        ResourceSnapshot r = new ResourceSnapshot(10_000, 100, 0, 0, 4_000, List.of(
                site("com.example.Config.load(Config.java:42)", ResourceKind.FILE_INPUT_STREAM, 60, 0, 55),
                site("com.example.Scan.run(Scan.java:7)", ResourceKind.DIRECTORY_STREAM, 10, 0, 3),
                site("com.example.Ok.read(Ok.java:1)", ResourceKind.FILE_CHANNEL, 30, 30, 0)));
        Verdict v = detector.detect(input(r, fds(40, 1024))).orElseThrow();
        assertEquals(VerdictKind.RESOURCE_LEAK, v.kind());
        assertEquals(Severity.WARNING, v.severity());
        assertEquals(List.of("com.example.Config.load(Config.java:42)", "com.example.Scan.run(Scan.java:7)"), v.sites());
        assertEquals(58L, v.evidence().get("collectedUnclosed"));
        assertEquals(55L, v.evidence().get("collectedUnclosed.FILE_INPUT_STREAM"));
        assertEquals(6_000L, v.evidence().get("oldestOpenMs"));
        assertTrue(v.summary().startsWith("58 resources were garbage-collected without close(): java.io.FileInputStream x55 opened at com.example.Config.load"), v.summary());
        assertTrue(v.advice().get(0).startsWith("Close the FileInputStream with try-with-resources"), v.advice().toString());
        assertTrue(v.advice().get(1).contains("Files.list"), v.advice().toString());
    }

    @Test
    void nothingLeakedAndFewDescriptorsIsNoVerdict() {
        ResourceSnapshot r = new ResourceSnapshot(0, 30, 0, 0, -1, List.of(site("a.B.c(B.java:1)", ResourceKind.FILE_CHANNEL, 30, 30, 0)));
        assertTrue(detector.detect(input(r, fds(40, 1024))).isEmpty());
        assertTrue(detector.detect(input(r, fds(40, Long.MAX_VALUE))).isEmpty(), "an unlimited soft limit is never under pressure");
    }

    @Test
    void descriptorPressureNamesWhoHoldsThem() {
        ResourceSnapshot r = new ResourceSnapshot(0, 900, 0, 0, 1, List.of(site("a.Pool.open(Pool.java:9)", ResourceKind.RANDOM_ACCESS_FILE, 900, 10, 0)));
        Verdict v = detector.detect(input(r, fds(980, 1024))).orElseThrow();
        assertEquals(Severity.CRITICAL, v.severity(), "95 % of the limit");
        assertTrue(v.summary().startsWith("980 of 1024 file descriptors in use (96%); most held by a.Pool.open(Pool.java:9)"), v.summary());
        assertTrue(String.join(" ", v.advice()).contains("ulimit -n"));
    }

    @Test
    void openResourcesPilingUpAcrossReportsAreALeakToo() {
        ResourceSnapshot.SiteStats hoard = new ResourceSnapshot.SiteStats("com.example.Cache.put(Cache.java:3)",
                ResourceKind.SOCKET, 400, 0, 0, 400, List.of(), new long[] {10, 100, 200, 300, 400});
        ResourceSnapshot.SiteStats steady = new ResourceSnapshot.SiteStats("com.example.Pool.get(Pool.java:5)",
                ResourceKind.SOCKET, 900, 880, 0, 20, List.of(), new long[] {20, 20, 20, 20, 20});
        ResourceSnapshot r = new ResourceSnapshot(0, 1300, 0, 0, 1, List.of(hoard, steady));
        Verdict v = detector.detect(input(r, fds(450, 20_000))).orElseThrow();
        assertEquals(List.of("com.example.Cache.put(Cache.java:3)"), v.sites());
        assertEquals(1, v.evidence().get("growingSites"));
        assertTrue(v.summary().startsWith("java.net.Socket opened at com.example.Cache.put(Cache.java:3) keep piling up: 400 open, up from 100 3 reports ago"), v.summary());

        ResourceSnapshot warm = new ResourceSnapshot(0, 900, 0, 0, 1, List.of(steady));
        assertTrue(detector.detect(input(warm, fds(450, 20_000))).isEmpty(), "a pool at a steady size is fine");
    }

    @Test
    void leaksAmongOpensWithoutASiteAreCountedAndTheNamedSitesAreASample() {
        ResourceSnapshot.SiteStats sampled = site("com.example.Config.load(Config.java:42)", ResourceKind.FILE_CHANNEL, 40, 0, 30);
        ResourceSnapshot.SiteStats notLookedUp = site("(site not looked up: beyond resources.walks)", ResourceKind.FILE_CHANNEL, 900, 300, 500);
        ResourceSnapshot r = new ResourceSnapshot(0, 940, 0, 0, 1, 0, List.of(sampled), List.of(notLookedUp), 100);
        Verdict v = detector.detect(input(r, fds(40, 1024))).orElseThrow();
        assertEquals(List.of("com.example.Config.load(Config.java:42)"), v.sites(), "only a site that was looked up is named");
        assertEquals(530L, v.evidence().get("collectedUnclosed"));
        assertEquals(900L, v.evidence().get("notAttributed"));
        assertEquals(500L, v.evidence().get("collectedUnclosedNotAttributed"));
        assertTrue(v.summary().startsWith("530 resources were garbage-collected without close(): java.nio.channels.FileChannel x30"
                + " opened at com.example.Config.load(Config.java:42); 500 more from opens whose site was not looked up"
                + " (beyond resources.walks=100 a second)"), v.summary());
        assertTrue(v.advice().get(1).startsWith("Sites are looked up for 100 opens a second at most (resources.walks)"), v.advice().toString());

        ResourceSnapshot none = new ResourceSnapshot(0, 900, 0, 0, 1, 0, List.of(), List.of(notLookedUp), 100);
        Verdict unnamed = detector.detect(input(none, fds(40, 1024))).orElseThrow();
        assertEquals(List.of(), unnamed.sites());
        assertTrue(unnamed.summary().startsWith("500 resources were garbage-collected without close(): all from opens whose site"
                + " was not looked up"), unnamed.summary());

        ResourceSnapshot.SiteStats pilingUp = new ResourceSnapshot.SiteStats("(site not looked up: beyond resources.walks)",
                ResourceKind.SOCKET, 400, 0, 0, 400, List.of(), new long[] {10, 100, 200, 300, 400});
        Verdict growing = detector.detect(input(new ResourceSnapshot(0, 400, 0, 0, 1, 0, List.of(), List.of(pilingUp), 100),
                fds(450, 20_000))).orElseThrow();
        assertEquals(List.of(), growing.sites());
        assertTrue(growing.summary().startsWith("java.net.Socket from opens whose site was not looked up (beyond resources.walks=100"
                + " a second) keep piling up: 400 open, up from 100 3 reports ago"), growing.summary());
        assertTrue(growing.advice().get(1).startsWith("Sites are looked up for 100 opens"), growing.advice().toString());
    }

    @Test
    void offWhenResourceTrackingIsOff() {
        assertTrue(detector.detect(new AnalysisInput(List.of(fds(1000, 1024)), List.of(), Series.g1Jdk17(1, 2, false))).isEmpty());
    }
}
