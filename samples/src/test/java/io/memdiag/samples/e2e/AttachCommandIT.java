package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar memdiag-agent.jar list | attach}, run as an operator would, against real processes. */
class AttachCommandIT {

    record Cli(int exitCode, String stdout, String stderr) {
    }

    static Cli cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.JAVA, "-jar", ChildJvm.AGENT_JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ends");
        return new Cli(p.exitValue(), out, err);
    }

    @Test
    void listAttachAndListAgain() throws Exception {
        Path out = dir("attach-command");
        ChildJvm.deleteTree(out);
        Files.createDirectories(out);
        Process target = new ProcessBuilder(ChildJvm.JAVA, "-Xmx128m", "-XX:+EnableDynamicAgentLoading", "-cp",
                // 40 s: every step below starts a JVM, and on a loaded CI machine 20 s once ran out before the end
                ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(), "io.memdiag.samples.LeakyCache", "40", "100")
                .redirectOutput(out.resolve("stdout.txt").toFile()).redirectError(out.resolve("stderr.txt").toFile()).start();
        try {
            Thread.sleep(1000);
            String pid = String.valueOf(target.pid());
            Cli before = cli("list");
            assertEquals(0, before.exitCode(), before.stderr());
            String row = before.stdout().lines().filter(l -> l.startsWith(pid + " ")).findFirst().orElseThrow(() ->
                    new AssertionError("the target is listed: " + before.stdout()));
            assertTrue(row.matches(pid + " +\\S+ +- +io\\.memdiag\\.samples\\.LeakyCache"), "pid, JDK, not loaded, main class: " + row);

            Cli notYet = cli("report", pid);
            assertEquals(1, notYet.exitCode());
            assertTrue(notYet.stderr().startsWith("memdiag: memdiag is not running in process " + pid + "; `attach " + pid + "` first"),
                    notYet.stderr());

            Cli attach = cli("attach", pid, "report.dir=" + out + ",sample.interval=200ms,report.interval=1m,alloc=on");
            assertEquals(0, attach.exitCode(), attach.stderr());
            assertTrue(attach.stdout().startsWith("memdiag: attached to process " + pid + "; reports every 1m to "
                    + out.resolve("memdiag-" + pid + ".log")), attach.stdout());

            Cli report = cli("report", pid); // long before the first interval
            assertEquals(0, report.exitCode(), report.stderr());
            assertTrue(report.stdout().startsWith("==== memdiag report #1 (on-demand) pid " + pid), report.stdout());
            assertTrue(report.stdout().contains("VERDICTS") && report.stdout().contains("ALLOCATIONS"), report.stdout());
            assertTrue(report.stdout().contains("  - baseline at attach (uptime "), "what was there before: " + report.stdout());
            // before JDK 23 the target's first retransformation discards all its compiled code (the JDK from list's row)
            int feature = Runtime.Version.parse(row.split(" +")[1]).feature();
            assertEquals(feature < 23, report.stdout().contains("  - attach: JDK " + feature + " discards all of a JVM's compiled code"),
                    "the recompile note where it applies: " + report.stdout());

            Cli after = cli("list");
            assertTrue(after.stdout().lines().anyMatch(l -> l.startsWith(pid + " ") && l.contains(" loaded ")), after.stdout());

            Path log = out.resolve("memdiag-" + pid + ".log");
            assertEquals(0, intervalReports(log), "none due yet at report.interval=1m");
            Cli again = cli("attach", pid, "report.interval=500ms,alloc.rate=64k");
            assertEquals(0, again.exitCode(), again.stderr());
            assertEquals("memdiag: already running in process " + pid + "; applied report.interval=500ms;"
                    + " not while running (stop, then attach with them): alloc.rate=64k", again.stdout().strip(),
                    "not instrumented twice, the interval changed, the rest named");
            Thread.sleep(2500);
            assertTrue(intervalReports(log) >= 2, "reports at the new interval: " + intervalReports(log));

            Cli stop = cli("stop", pid);
            assertEquals(0, stop.exitCode(), stop.stderr());
            assertTrue(stop.stdout().startsWith("memdiag: stopped in process " + pid), stop.stdout());
            assertTrue(threadNames(pid).stream().noneMatch(n -> n.startsWith("memdiag-")), "no memdiag thread remains: " + threadNames(pid));
            assertTrue(cli("list").stdout().lines().anyMatch(l -> l.startsWith(pid + " ") && l.contains(" - ")), "listed as not loaded");
            assertEquals(1, cli("report", pid).exitCode(), "nothing to report from after stop");

            Cli reattach = cli("attach", pid, "report.dir=" + out + ",sample.interval=200ms,report.interval=1m");
            assertEquals(0, reattach.exitCode(), reattach.stderr());
            assertTrue(reattach.stdout().startsWith("memdiag: attached to process " + pid), "attach after stop starts afresh: " + reattach.stdout());
            assertTrue(target.waitFor(90, TimeUnit.SECONDS));
        } finally {
            target.destroyForcibly();
        }
        assertEquals(0, target.exitValue());
        assertTrue(Files.readString(out.resolve("stderr.txt")).contains("memdiag: already running in this JVM; applied report.interval=500ms"),
                "the second load said so in the target too");
        assertTrue(Files.size(out.resolve("memdiag-" + target.pid() + ".jsonl")) > 0, "reports were written");
    }

    private static long intervalReports(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("==== memdiag report #") && l.contains("(interval)")).count();
    }

    /** JEP 451: from JDK 21 a dynamically loaded agent makes the target warn unless it allowed it. */
    @Test
    void dynamicLoadingWithoutTheFlagIsExplained() throws Exception {
        Path out = dir("attach-jep451");
        ChildJvm.deleteTree(out);
        Files.createDirectories(out);
        Process target = new ProcessBuilder(ChildJvm.JAVA, "-Xmx64m", "-cp", ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(),
                "io.memdiag.samples.LeakyCache", "5", "10")
                .redirectOutput(out.resolve("stdout.txt").toFile()).redirectError(out.resolve("stderr.txt").toFile()).start();
        Cli attach;
        try {
            Thread.sleep(1000);
            attach = cli("attach", String.valueOf(target.pid()), "report.dir=" + out);
            assertTrue(target.waitFor(60, TimeUnit.SECONDS));
        } finally {
            target.destroyForcibly();
        }
        assertEquals(0, attach.exitCode(), attach.stderr());
        String targetErr = Files.readString(out.resolve("stderr.txt"));
        int feature = Integer.parseInt(javaFeature());
        if (feature >= 21) {
            assertTrue(attach.stderr().contains("(JEP 451); start it with -XX:+EnableDynamicAgentLoading"), attach.stderr());
            assertTrue(targetErr.contains("A Java agent has been loaded dynamically"), "the JVM's own warning: " + targetErr);
        } else {
            assertTrue(attach.stderr().isEmpty(), "nothing to explain before JDK 21: " + attach.stderr());
        }
    }

    /** The names of a JVM's threads, from {@code jcmd <pid> Thread.print}. */
    static List<String> threadNames(String pid) throws IOException, InterruptedException {
        String dump = ChildJvm.jcmd(pid, "Thread.print");
        List<String> names = new ArrayList<>();
        dump.lines().filter(l -> l.startsWith("\"")).forEach(l -> names.add(l.substring(1, l.indexOf('"', 1))));
        assertTrue(!names.isEmpty(), "a thread dump: " + dump);
        return names;
    }

    /** The feature version of the JDK the targets run on. */
    private static String javaFeature() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ChildJvm.JAVA, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return all.lines().filter(l -> l.trim().startsWith("java.specification.version = ")).findFirst()
                .map(l -> l.substring(l.indexOf('=') + 1).trim()).orElseThrow();
    }

    /** A JVM that refuses attach, and on JDK 21+ one that refuses dynamically loaded agents: each named with its flag. */
    @Test
    void aJvmThatRefusesAttachOrAgentsSaysWhichFlag() throws Exception {
        Path out = dir("attach-refused");
        ChildJvm.deleteTree(out);
        Files.createDirectories(out);
        int feature = Integer.parseInt(javaFeature());
        List<Process> targets = new ArrayList<>();
        try {
            Process noAttach = refusing(out, "-XX:+DisableAttachMechanism", "no-attach");
            targets.add(noAttach);
            Process noAgents = feature >= 21 ? refusing(out, "-XX:-EnableDynamicAgentLoading", "no-agents") : null;
            if (noAgents != null) {
                targets.add(noAgents);
            }
            Thread.sleep(1000);
            Cli refused = cli("attach", String.valueOf(noAttach.pid()), "report.dir=" + out);
            assertEquals(1, refused.exitCode());
            assertTrue(refused.stderr().startsWith("memdiag: process " + noAttach.pid()
                    + " was started with -XX:+DisableAttachMechanism and refuses every attach; restart it without that flag,"
                    + " or with -javaagent:"), refused.stderr());
            assertTrue(noAttach.isAlive(), "and left running");
            if (noAgents != null) {
                Cli noLoad = cli("attach", String.valueOf(noAgents.pid()), "report.dir=" + out);
                assertEquals(1, noLoad.exitCode());
                assertEquals("memdiag: process " + noAgents.pid() + " was started with -XX:-EnableDynamicAgentLoading and refuses"
                        + " agents loaded while it runs (JEP 451); restart it without that flag, or with -javaagent:"
                        + ChildJvm.AGENT_JAR.toAbsolutePath().normalize(), noLoad.stderr().strip(), "one line, no JEP 451 warning note before it");
                assertTrue(noAgents.isAlive(), "and left running");
            }
        } finally {
            targets.forEach(Process::destroyForcibly);
        }
    }

    private static Process refusing(Path out, String flag, String name) throws IOException {
        return new ProcessBuilder(ChildJvm.JAVA, "-Xmx64m", flag, "-cp", ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(),
                "io.memdiag.samples.LeakyCache", "5", "10")
                .redirectOutput(out.resolve(name + "-stdout.txt").toFile()).redirectError(out.resolve(name + "-stderr.txt").toFile()).start();
    }

    @Test
    void aProcessThatIsNotAJvmADeadOneAndBadInputGetClearErrors() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            long started = System.nanoTime();
            Cli notJvm = cli("attach", String.valueOf(sleep.pid()));
            assertEquals(1, notJvm.exitCode());
            assertTrue(notJvm.stderr().startsWith("memdiag: process " + sleep.pid() + " is not a JVM (sleep)"), notJvm.stderr());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 8, "told at once, not after the attach timeout");
            assertTrue(sleep.isAlive(), "and left alone");
        } finally {
            sleep.destroyForcibly();
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Cli dead = cli("attach", String.valueOf(gone.pid()));
        assertEquals(1, dead.exitCode());
        assertEquals("memdiag: no process " + gone.pid() + " (it may have ended)", dead.stderr().trim());

        Cli notPid = cli("attach", "my-app");
        assertEquals(2, notPid.exitCode());
        assertTrue(notPid.stderr().startsWith("memdiag: 'my-app' is not a process id"), notPid.stderr());

        Cli badOption = cli("attach", String.valueOf(ProcessHandle.current().pid()), "report.interval=soon");
        assertEquals(2, badOption.exitCode());
        assertTrue(badOption.stderr().contains("option report.interval: 'soon' is not a duration"), badOption.stderr());
        assertTrue(badOption.stderr().contains("nothing attached"), badOption.stderr());

        Cli missing = cli("attach");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.stderr().startsWith("memdiag: attach needs a process id"), missing.stderr());
    }
}
