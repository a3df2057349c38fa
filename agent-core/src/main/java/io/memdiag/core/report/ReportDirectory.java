package io.memdiag.core.report;

import io.memdiag.core.collect.ProcFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Chooses the directory reports go to. An unwritable {@code report.dir} must neither stop the
 * host nor lose the reports, so the agent falls back to java.io.tmpdir and says so.
 *
 * @param path  where the reports will be written
 * @param error null when the requested directory is used; otherwise why it was not
 */
public record ReportDirectory(Path path, String error) {

    public static ReportDirectory choose(Path requested) {
        String problem = problemWith(requested);
        if (problem == null) {
            return new ReportDirectory(requested, null);
        }
        Path fallback = Paths.get(System.getProperty("java.io.tmpdir", "/tmp")).toAbsolutePath();
        String fallbackProblem = problemWith(fallback);
        String error = "report.dir " + requested + " is not writable (" + problem + ")";
        if (fallbackProblem != null) {
            return new ReportDirectory(null, error + " and neither is " + fallback + " (" + fallbackProblem + ")");
        }
        return new ReportDirectory(fallback, error + "; writing reports to " + fallback + " instead");
    }

    /** Null when reports can be written there; otherwise a short reason. */
    static String problemWith(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "cannot create it: " + e;
        }
        Path probe = null;
        try {
            probe = createUniqueFile(dir, ".memdiag-probe-", ".tmp");
            return null;
        } catch (IOException | SecurityException e) {
            return "cannot create a file in it: " + e;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a stray empty probe file is harmless; the report files are what matter
                }
            }
        }
    }

    /**
     * A new empty file in {@code dir}, named by this process and the moment, created exclusively
     * (it fails rather than open a file or link already there). Not {@code Files.createTempFile}:
     * its random name initialises {@code SecureRandom} and the JDK's security providers (reading
     * {@code java.security}, a few hundred services), whose tables then hold about 200 KB of the
     * host's heap for the life of the process.
     */
    public static Path createUniqueFile(Path dir, String prefix, String suffix) throws IOException {
        return Files.createFile(dir.resolve(prefix + ProcFiles.selfPid() + "-" + System.nanoTime() + suffix));
    }

    public boolean usable() {
        return path != null;
    }
}
