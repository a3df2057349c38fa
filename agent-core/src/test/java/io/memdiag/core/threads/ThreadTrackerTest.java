package io.memdiag.core.threads;

import io.memdiag.testsites.Starters;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sites by starting frame: one per line of the application's code, whatever the bytecode index. */
class ThreadTrackerTest {

    @Test
    void startsAreCountedPerSourceLine() {
        ThreadTracker tracker = new ThreadTracker(16, 4);
        Starters.fromOneFrame(tracker, 5);
        Starters.fromOneFrame(tracker, 2);
        Starters.twoOnOneLine(tracker);
        Starters.twoOnOneLine(tracker);
        Map<String, Long> started = new TreeMap<>();
        for (ThreadSnapshot.SiteStats s : tracker.snapshot().sites()) {
            started.put(s.site(), s.started());
        }
        assertEquals(Map.of(
                "io.memdiag.testsites.Starters.fromOneFrame(Starters.java:17)", 7L,
                "io.memdiag.testsites.Starters.twoOnOneLine(Starters.java:23)", 4L), started);
        assertEquals(11, tracker.snapshot().tracked());
    }

    @Test
    void sitesBeyondTheCapAreCountedNotTracked() {
        ThreadTracker tracker = new ThreadTracker(1, 4);
        Starters.fromOneFrame(tracker, 3);
        Starters.twoOnOneLine(tracker);
        ThreadSnapshot snapshot = tracker.snapshot();
        assertEquals(1, snapshot.sites().size());
        assertEquals(2, snapshot.siteOverflow());
    }
}
