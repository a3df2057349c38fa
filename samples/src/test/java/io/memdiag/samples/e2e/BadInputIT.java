package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear error, the host runs on, and no report is lost. */
class BadInputIT {

    @Test
    void unknownOptionAndMalformedDurationAreNamedAndDefaultsUsed() throws Exception {
        Path d = dir("bad-options");
        ChildJvm.Run run = ChildJvm.run("bad-options", "report.dir=" + d + ",bogus=1,sample.interval=fast,report.interval=2s",
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.HealthyService", "3");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().startsWith("HealthyService:"), "the host ran: " + run.describe());
        assertTrue(run.stderr().contains("memdiag: unknown option 'bogus'"), run.stderr());
        assertTrue(run.stderr().contains("memdiag: option sample.interval: 'fast' is not a duration"), run.stderr());
        Map<String, Object> last = run.lastReport();
        assertTrue(last.get("notes").toString().contains("unknown option 'bogus'"), "reports carry the rejection: " + last.get("notes"));
    }

    @Test
    void unwritableReportDirFallsBackToTmpdirAndSaysSo() throws Exception {
        Path d = dir("bad-dir");
        Path tmp = d.resolve("tmp");
        Path notADir = ChildJvm.OUT.resolve("bad-dir-plain-file").toAbsolutePath();
        Files.createDirectories(notADir.getParent());
        Files.writeString(notADir, "a file where the agent expects a directory");
        ChildJvm.Run run = ChildJvm.run("bad-dir", "report.dir=" + notADir.resolve("reports"),
                List.of("-Djava.io.tmpdir=" + tmp, "-Xmx64m"), List.of(), "io.memdiag.samples.HealthyService", "2");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stderr().contains("memdiag: report.dir " + notADir.resolve("reports") + " is not writable"), run.stderr());
        assertTrue(run.stderr().contains("writing reports to " + tmp), run.stderr());
        assertTrue(Files.exists(tmp.resolve("memdiag-" + run.pid() + ".jsonl")), "reports in the fallback directory");
    }

    @Test
    void cliPrintsVersionAndRejectsUnknownCommands() throws Exception {
        Process version = new ProcessBuilder(ChildJvm.JAVA, "-jar", ChildJvm.AGENT_JAR.toString(), "--version")
                .redirectErrorStream(true).start();
        assertTrue(version.waitFor(60, TimeUnit.SECONDS));
        String out = new String(version.getInputStream().readAllBytes());
        assertEquals(0, version.exitValue(), out);
        assertTrue(out.matches("memdiag \\d+\\.\\d+\\.\\d+.*\\s*"), out);

        Process bad = new ProcessBuilder(ChildJvm.JAVA, "-jar", ChildJvm.AGENT_JAR.toString(), "frobnicate")
                .redirectErrorStream(true).start();
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        String badOut = new String(bad.getInputStream().readAllBytes());
        assertEquals(2, bad.exitValue(), badOut);
        assertTrue(badOut.contains("unknown command 'frobnicate'"), badOut);
    }
}
