package io.memdiag.core.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportDirectoryTest {

    @Test
    void createsAMissingDirectory(@TempDir Path tmp) {
        Path wanted = tmp.resolve("a/b/c");
        ReportDirectory d = ReportDirectory.choose(wanted);
        assertEquals(wanted, d.path());
        assertNull(d.error());
        assertTrue(Files.isDirectory(wanted));
    }

    @Test
    void aPathBelowAFileFallsBackToTmpdirAndSaysWhy(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        ReportDirectory d = ReportDirectory.choose(file.resolve("reports"));
        assertTrue(d.usable());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), d.path());
        assertTrue(d.error().startsWith("report.dir " + file.resolve("reports") + " is not writable (cannot create it"), d.error());
        assertTrue(d.error().endsWith("; writing reports to " + d.path() + " instead"), d.error());
    }
}
