package io.memdiag.core.collect;

import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcFilesTest {

    private static final long KB = 1024;

    @Test
    void parsesTheStatusSplit() {
        ProcFiles p = new ProcFiles(Fixtures.root("v2-limited"));
        ProcessMemory m = p.processMemory(false);
        assertEquals(350_000 * KB, m.rss());
        assertEquals(300_000 * KB, m.rssAnon());
        assertEquals(49_000 * KB, m.rssFile());
        assertEquals(1_000 * KB, m.rssShmem());
        assertEquals(2_048 * KB, m.swap());
        assertEquals(400_000 * KB, m.hwm());
        assertEquals(ProcessMemory.UNKNOWN, m.pss(), "PSS only when asked for");
        assertEquals(1_048_576, p.fdSoftLimit());
    }

    @Test
    void missingSmapsRollupIsNotedOnceAndPssUnknown() {
        ProcFiles p = new ProcFiles(Fixtures.root("v2-limited"));
        assertEquals(ProcessMemory.UNKNOWN, p.processMemory(true).pss());
        p.processMemory(true);
        assertEquals(1, p.notes().size(), p.notes().toString());
        assertTrue(p.notes().get(0).contains("smaps_rollup"));
    }

    @Test
    void recordedStatusAndRollupFromThisMachine() {
        ProcessMemory m = new ProcFiles(Fixtures.root("v1-hybrid-recorded")).processMemory(true);
        assertTrue(m.rss() > 0 && m.rssAnon() >= 0 && m.rssAnon() <= m.rss(), m.toString());
        assertTrue(m.pss() > 0, "Pss, not Pss_Anon: " + m);
    }

    @Test
    void unlimitedOpenFiles() {
        assertEquals(Long.MAX_VALUE, new ProcFiles(Fixtures.root("v2-unlimited")).fdSoftLimit());
    }

    @Test
    void kbFieldsMatchOnlyAtLineStarts() {
        assertEquals(5 * KB, ProcParsers.kbField("Pss_Anon:  9 kB\nPss:  5 kB\n", "Pss:"));
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("VmRSS: lots kB\n", "VmRSS:"));
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("", "VmRSS:"));
    }

    @Test
    void notLinuxDegradesWithAClearNote() {
        ProcFiles p = new ProcFiles(Fixtures.root("not-linux"));
        assertFalse(p.linux());
        assertEquals(ProcessMemory.UNAVAILABLE, p.processMemory(true));
        assertEquals(-1, p.openFds());
        assertEquals(-1, p.fdSoftLimit());
        assertTrue(p.notes().get(0).startsWith("not Linux"), p.notes().toString());
    }

    @Test
    void realProcOfThisJvm(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isReadable(Paths.get("/proc/self/status")), "Linux only");
        ProcFiles p = new ProcFiles(Paths.get("/"));
        ProcessMemory m = p.processMemory(true);
        assertTrue(m.rss() > 10 * 1024 * KB, "a JVM is more than 10 MB resident: " + m);
        assertTrue(m.rssAnon() <= m.rss() && m.hwm() >= m.rss(), m.toString());
        long before = p.openFds();
        assertTrue(before > 2 && p.fdSoftLimit() > before, before + " / " + p.fdSoftLimit());
        List<FileInputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Path f = Files.writeString(tmp.resolve("f" + i), "x");
                open.add(new FileInputStream(f.toFile()));
            }
            assertTrue(p.openFds() >= before + 50, "50 real files opened: " + before + " -> " + p.openFds());
        } finally {
            for (FileInputStream in : open) {
                in.close();
            }
        }
        assertTrue(p.openFds() <= before + 2, "closed again: " + p.openFds());
        assertTrue(p.notes().isEmpty(), p.notes().toString());
    }
}
