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
import static org.junit.jupiter.api.Assertions.fail;
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
    void kbFieldsReadTheNumberAloneOnItsLine() {
        assertEquals(1234 * KB, ProcParsers.kbField("Name:\tjava\nVmRSS:\t    1234 kB\nRssAnon:\t  7 kB\n", "VmRSS:"));
        assertEquals(7 * KB, ProcParsers.kbField("VmRSS:\t1234 kB\nRssAnon:\t  7 kB", "RssAnon:"), "the last line, without a newline");
        assertEquals(3 * KB, ProcParsers.kbField("VmSwap: 3\n", "VmSwap:"), "no unit");
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("VmRSS: 12 MB\n", "VmRSS:"), "another unit");
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("VmRSS: 12 34 kB\n", "VmRSS:"));
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("VmRSS: -12 kB\n", "VmRSS:"));
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("VmRSS: kB\n", "VmRSS:"));
        assertEquals(ProcessMemory.UNKNOWN, ProcParsers.kbField("VmRSS: 99999999999999999999 kB\n", "VmRSS:"), "too large for bytes in a long");
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
        assertTrue(m.rssAnon() > 0 && m.rssAnon() <= m.rss() && m.hwm() >= m.rss(), m.toString());
        assertTrue(m.pss() > 0 && m.pss() <= m.rss(), "PSS never exceeds RSS: " + m);
        long before = p.openFds();
        assertTrue(before > 2 && p.fdSoftLimit() > before, before + " / " + p.fdSoftLimit());
        List<FileInputStream> open = new ArrayList<>();
        long during;
        try {
            for (int i = 0; i < 50; i++) {
                Path f = Files.writeString(tmp.resolve("f" + i), "x");
                open.add(new FileInputStream(f.toFile()));
            }
            during = p.openFds();
            assertTrue(during >= before + 50, "50 real files opened: " + before + " -> " + during);
        } finally {
            for (FileInputStream in : open) {
                in.close();
            }
        }
        long after = p.openFds();
        // 50 closed; the JVM itself (class loading, JIT, other test threads) may open a few meanwhile
        assertTrue(after <= during - 45, "closed again: " + during + " -> " + after);
        assertTrue(p.notes().isEmpty(), p.notes().toString());
    }

    @Test
    void countsWhatTheKernelShowsFromOutside(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isReadable(Paths.get("/proc/self/fd")) && Files.isExecutable(Paths.get("/bin/sh")), "Linux only");
        ProcFiles p = new ProcFiles(Paths.get("/"));
        Path listing = tmp.resolve("fds.txt");
        // ls in a child process sees this JVM's descriptors without opening one in it. No pipes
        // to the child, and a pause so the parent has closed what it needed to start the child
        // and sits in waitFor() when ls looks.
        ProcessBuilder ls = new ProcessBuilder("/bin/sh", "-c",
                "sleep 0.3; exec ls /proc/" + ProcessHandle.current().pid() + "/fd")
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(listing.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        List<String> seen = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            assertEquals(0, ls.start().waitFor());
            long outside = Files.readAllLines(listing).size();
            long inside = p.openFds();
            if (inside == outside) {
                return;
            }
            seen.add(inside + " vs " + outside);
        }
        fail("openFds() differs from ls /proc/<pid>/fd: " + seen);
    }

    @Test
    void selfPidIsTheJdksPid() {
        assertEquals(ProcessHandle.current().pid(), ProcFiles.selfPid());
    }
}
