package io.memdiag.samples.e2e;

import io.memdiag.samples.bench.Measured;
import io.memdiag.samples.bench.SteadyStateAB;
import io.memdiag.samples.bench.ThirdPartyOverhead;
import io.memdiag.samples.bench.ThirdPartyWorkload;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overhead harness's third-party workloads (an SQL database, a Java compiler, a JavaScript
 * engine that generates bytecode at run time), each run once at smoke size under the agent at
 * its defaults: bytecode nobody here wrote must load, verify and compute the right answer with
 * every hook in it (each workload checks its own result and exits non-zero when it is wrong),
 * the agent must not have failed anywhere, and the report must name allocation sites in that
 * code. The measurements themselves are {@code bench.ThirdPartyOverhead}'s, never a test's.
 */
class ThirdPartyWorkloadsIT {

    private static final Map<String, String> PACKAGE = Map.of(
            "h2", "org.h2.", "ecj", "org.eclipse.jdt.", "rhino", "org.mozilla.javascript.");

    @TestFactory
    Stream<DynamicTest> runUnderTheAgentAndAreProfiled() throws Exception {
        Path workloads = Path.of(System.getProperty("memdiag.workloads", "target/workloads")).toAbsolutePath();
        List<ThirdPartyWorkload> all = ThirdPartyWorkload.prepare(workloads, dir("third-party-inputs"), ThirdPartyWorkload.Size.SMOKE);
        assertEquals(PACKAGE.keySet(), Set.copyOf(all.stream().map(ThirdPartyWorkload::name).toList()));
        return all.stream().map(w -> DynamicTest.dynamicTest(w.name(), () -> runOnce(w)));
    }

    /**
     * A harness's own command line in a JVM of its own, one round (or block) on H2 at smoke size,
     * its output kept in {@code out}/output.txt; returns that output once the harness has exited 0.
     */
    private static String runOnH2AtSmokeSize(Class<?> harness, List<String> jvmOptions, Path out) throws Exception {
        Exited run = startOnH2AtSmokeSize(harness, jvmOptions, out);
        assertEquals(0, run.code(), run.output());
        return run.output();
    }

    private record Exited(int code, String output) {
    }

    /** The same command line, whatever its exit code. */
    private static Exited startOnH2AtSmokeSize(Class<?> harness, List<String> jvmOptions, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.JAVA));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(), harness.getName(),
                ChildJvm.AGENT_JAR.toAbsolutePath().toString(),
                Path.of(System.getProperty("memdiag.workloads", "target/workloads")).toAbsolutePath().toString(), "1", "h2", "smoke"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("output.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the harness finished");
        return new Exited(p.exitValue(), Files.readString(out.resolve("output.txt")));
    }

    /**
     * The in-process harness at smoke size, one block, on H2: the child repeats the workload, the
     * jar's attach and stop succeed on it by PID (a failed command fails the harness), and the
     * ratio row comes out, judged "too few rounds" after one block, with the line that places it
     * (the workload thread's CPU, the process's, GC and JIT time).
     */
    @Test
    void theSteadyStateHarnessAttachesStopsAndPrintsItsRatio() throws Exception {
        Path out = dir("steady-state-harness");
        Files.createDirectories(out);
        String output = runOnH2AtSmokeSize(SteadyStateAB.class, List.of(), out);
        assertTrue(output.matches("(?s).*\\nh2 +\\d+ +\\d+ +\\d+ runs +[0-9.]+ \\([0-9.]+-[0-9.]+\\) +too few rounds +\\d+ +\\d+\\n.*"), output);
        // the child's own figures came back: its thread's and its process's CPU (positive ratios), the JVM's GC and JIT
        // time, and the process's CPU per repetition
        assertTrue(output.matches("(?s).*the workload thread's CPU, memdiag / no agent: (?!0\\.000)[0-9]+\\.[0-9]{3} \\(.*the process's CPU: (?!0\\.000)[0-9]+\\.[0-9]{3} \\("
                + ".*GC [0-9.]+ / [0-9.]+ ms, JIT [0-9.]+ / [0-9.]+ ms, process CPU [0-9]+ / [0-9]+ ms\\n.*"), output);
        // the first attach made untimed before the first block, and the repetitions after it shown
        assertTrue(output.contains(SteadyStateAB.FIRST_ATTACH_UNTIMED), output);
        assertTrue(output.matches("(?s).*the warm-up's last four \\[\\d+/\\d+(, \\d+/\\d+){3}\\]; after the first attach \\[\\d+/\\d+.*"), output);
    }

    /**
     * The same with JFR in the phases that have no agent ({@code -Dab.baseline=jfr}): jcmd starts
     * and stops JFR's recording in the child (a failed jcmd fails the harness), and the run says
     * what it compared, so that its blocks pool apart from those against no agent.
     */
    @Test
    void theSteadyStateHarnessComparesWithJfrInTheSameProcess() throws Exception {
        Path out = dir("steady-state-harness-jfr");
        Files.createDirectories(out);
        String output = runOnH2AtSmokeSize(SteadyStateAB.class, List.of("-Dab.baseline=jfr"), out);
        assertTrue(output.contains("against JFR's default recording (jcmd JFR.start)"), output);
        assertTrue(output.matches("(?s).*\\nh2 +\\d+ +\\d+ +\\d+ runs +[0-9.]+ \\([0-9.]+-[0-9.]+\\) +too few rounds +\\d+ +\\d+\\n.*"), output);

        assertTrue(output.contains("the workload thread's CPU, memdiag / JFR: ") && output.contains("; per repetition, JFR / memdiag: GC "),
                "the CPU line names JFR as the baseline too: " + output);
    }

    /** An A/A run has no baseline phases for JFR to take: the two settings together are refused before anything runs. */
    @Test
    void anAaRunAgainstJfrIsRefused() throws Exception {
        Path out = dir("steady-state-harness-aa-jfr");
        Files.createDirectories(out);
        Exited run = startOnH2AtSmokeSize(SteadyStateAB.class, List.of("-Dab.same=true", "-Dab.baseline=jfr"), out);
        assertEquals(2, run.code(), run.output());
        assertTrue(run.output().contains("-Dab.same=true and -Dab.baseline=jfr cannot be combined"), run.output());
        assertFalse(run.output().contains("blocks of phases"), "nothing ran: " + run.output());
    }

    /**
     * The harness's own command, at smoke size, one round, on H2: every mode runs (JFR's
     * included) and the table comes out, so the documented command works on a fresh clone.
     */
    @Test
    void theHarnessRunsEveryModeAndPrintsItsTable() throws Exception {
        Path out = dir("third-party-harness");
        ChildJvm.deleteTree(out);
        Path tmp = out.resolve("tmp"); // the harness's java.io.tmpdir, to see that it cleans up
        Files.createDirectories(tmp);
        String output = runOnH2AtSmokeSize(ThirdPartyOverhead.class, List.of("-Djava.io.tmpdir=" + tmp.toAbsolutePath()), out);
        String byRole = output.substring(output.indexOf("CPU by thread role"));
        for (String mode : List.of("no agent", "memdiag defaults", "memdiag most detailed", ThirdPartyOverhead.CONTROL, "JFR default profile")) {
            assertTrue(output.contains("| " + mode + " | "), mode + " has a row:\n" + output);
            assertTrue(byRole.contains("| " + mode + " | "), mode + " has a row of CPU by thread role:\n" + output);
        }
        assertFalse(byRole.contains("-1.00"), "every thread role was read from /proc:\n" + output);
        String budget = output.substring(output.indexOf("budget:"), output.indexOf("CPU by thread role"));
        for (String judged : List.of("memdiag defaults", "memdiag most detailed", ThirdPartyOverhead.CONTROL)) {
            assertTrue(budget.matches("(?s).*\\| " + Pattern.quote(judged)
                    + " \\| [0-9.]+ \\([0-9.]+–[0-9.]+\\) \\| (shown|exceeded|not resolved|too few rounds) \\|.*"), judged + " is judged:\n" + budget);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the harness removed its scratch folder (inputs, reports, child output)");
        }
    }

    @SuppressWarnings("unchecked")
    private static void runOnce(ThirdPartyWorkload w) throws Exception {
        String name = "third-party-" + w.name();
        List<String> mainAndArgs = new ArrayList<>(List.of(Measured.class.getName(), w.mainClass()));
        mainAndArgs.addAll(w.args());
        ChildJvm.Run run = ChildJvm.run(name, ChildJvm.fastOptions(dir(name)) + ",alloc=on", List.of("-Xmx512m"), w.classPath(),
                mainAndArgs.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.describe());
        assertFalse(run.stderr().contains("VerifyError") || run.stderr().contains("memdiag internal failure"), run.describe());

        Map<String, Object> report = run.lastReport();
        List<String> notes = (List<String>) report.get("notes");
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("agent failure") || n.startsWith("hooks failed")), "notes: " + notes);
        List<Map<String, Object>> sites = (List<Map<String, Object>>) object(report, "allocations").get("byAllocated");
        String prefix = PACKAGE.get(w.name());
        assertTrue(sites.stream().anyMatch(s -> ((String) s.get("site")).startsWith(prefix)),
                "an allocation site in " + prefix + ": " + sites);
    }
}
