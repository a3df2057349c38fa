package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SampleCollectorTest {

    private static final long KB = 1024;
    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @Test
    void thisProcessFromTheRealProc() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        SampleCollector collector = new SampleCollector(Path.of("/"), FIXED);
        MemorySample s = collector.read(-1, true);
        assertEquals(1_700_000_000_000L, s.epochMillis());
        assertTrue(s.uptimeMillis() > 0);
        assertEquals(-1, s.liveAfterGc());
        assertTrue(s.process().rss() > 0 && s.process().rssAnon() <= s.process().rss(), s.process().toString());
        assertTrue(s.process().pss() > 0, "asked for PSS: " + s.process());
        assertTrue(s.process().rss() > s.heapUsed() / 2, "a JVM's RSS holds much of its used heap: " + s);
        assertTrue(s.openFds() > 0 && s.fdLimit() > s.openFds(), s.openFds() + " / " + s.fdLimit());
        assertTrue(collector.linux());
        assertEquals(ProcessMemory.UNKNOWN, collector.read(-1).process().pss(), "the every-second sample skips PSS");
    }

    @Test
    void fixtureRootGivesTheRecordedProcessAndCgroupWithThisJvmsHeap() {
        SampleCollector collector = new SampleCollector(Fixtures.root("v2-limited"), FIXED);
        MemorySample s = collector.read(77);
        assertEquals(350_000 * KB, s.process().rss());
        assertEquals(1_048_576, s.fdLimit());
        assertEquals(-1, s.openFds(), "the fixture has no fd directory");
        CgroupMemory c = s.cgroup();
        assertEquals(384L * 1024 * 1024, c.limit());
        assertEquals(77, s.liveAfterGc());
        assertTrue(s.heapUsed() > 0 && s.threads() > 0, "the JVM half is always real");
        assertTrue(collector.notes().stream().anyMatch(n -> n.contains("fd")), collector.notes().toString());
    }

    @Test
    void notLinuxIsUnavailableNotAnException() {
        SampleCollector collector = new SampleCollector(Fixtures.root("not-linux"), FIXED);
        MemorySample s = collector.read(-1, true);
        assertFalse(collector.linux());
        assertEquals(ProcessMemory.UNAVAILABLE, s.process());
        assertEquals(-1, s.openFds());
        assertEquals(-1, s.fdLimit());
        assertNull(s.cgroup());
        assertTrue(s.heapUsed() > 0);
        assertTrue(collector.notes().get(0).startsWith("not Linux: "), collector.notes().toString());
        collector.read(-1, true);
        assertEquals(2, collector.notes().size(), "said once, not per sample: " + collector.notes());
    }
}
