package io.memdiag.core.analysis;

import io.memdiag.core.history.CountHistory;
import io.memdiag.core.threads.ThreadSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadLeakDetectorTest {

    private final ThreadLeakDetector detector = new ThreadLeakDetector();

    private static ThreadSnapshot.SiteStats site(String frame, long alive, long... history) {
        return new ThreadSnapshot.SiteStats(frame, alive + 5, alive, Map.of("WAITING", alive), "jdk.internal.misc.Unsafe.park",
                List.of(frame), history);
    }

    private static AnalysisInput input(ThreadSnapshot t) {
        return new AnalysisInput(List.of(), List.of(), Series.g1Jdk17(1, 2, false), null, t);
    }

    @Test
    void threadsPilingUpAtASiteAreALeak() {
        ThreadSnapshot t = new ThreadSnapshot(500, 0, List.of(
                site("com.example.Handler.handle(Handler.java:12)", 200, 20, 80, 140, 200),
                site("com.example.Pool.start(Pool.java:3)", 8, 2, 8, 8, 8)));
        Verdict v = detector.detect(input(t)).orElseThrow();
        assertEquals(VerdictKind.THREAD_LEAK, v.kind());
        assertEquals(List.of("com.example.Handler.handle(Handler.java:12)"), v.sites());
        assertEquals(200L * 1024 * 1024, v.evidence().get("stackBytesReserved"), "1 MB default stacks");
        assertTrue(v.summary().startsWith("Threads started at com.example.Handler.handle(Handler.java:12) keep accumulating: 200 alive, up from 20 3 reports ago, most waiting in jdk.internal.misc.Unsafe.park"), v.summary());
    }

    @Test
    void aPoolThatWarmedUpOrShortLivedThreadsAreNot() {
        ThreadSnapshot warm = new ThreadSnapshot(50, 0, List.of(site("a.Pool.start(Pool.java:1)", 16, 4, 8, 16, 16, 16)));
        assertTrue(detector.detect(input(warm)).isEmpty());
        ThreadSnapshot brief = new ThreadSnapshot(900, 0, List.of(site("a.Req.run(Req.java:1)", 1, 2, 0, 1, 0, 1)));
        assertTrue(detector.detect(input(brief)).isEmpty());
        ThreadSnapshot slow = new ThreadSnapshot(9, 0, List.of(site("a.B.c(B.java:1)", 4, 1, 2, 3, 4)));
        assertTrue(detector.detect(input(slow)).isEmpty(), "a rise of 3 is below the minimum of 8");
        assertTrue(detector.detect(new AnalysisInput(List.of(), List.of(), Series.g1Jdk17(1, 2, false))).isEmpty());
    }

    @Test
    void historyMergesReportsThatComeTooCloseTogether() {
        CountHistory h = new CountHistory(4);
        h.record(1, 1_000, 500);
        h.record(2, 2_000, 500);
        assertArrayEquals(new long[] {1, 3}, h.record(3, 2_100, 500), "a shutdown report 100 ms later replaces the last point");
        assertArrayEquals(new long[] {1, 3, 4}, h.record(4, 3_000, 500));
        h.record(5, 4_000, 500);
        assertArrayEquals(new long[] {3, 4, 5, 6}, h.record(6, 5_000, 500), "bounded: the oldest goes");
        assertTrue(CountHistory.rising(new long[] {1, 5, 9, 13}, 4, 8));
        assertFalse(CountHistory.rising(new long[] {1, 5, 5, 13}, 4, 8));
        assertFalse(CountHistory.rising(new long[] {1, 2}, 4, 1));
    }
}
