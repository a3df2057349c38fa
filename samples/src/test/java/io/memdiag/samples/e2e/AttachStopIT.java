package io.memdiag.samples.e2e;

import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.memdiag.samples.e2e.AttachCommandIT.cli;
import static io.memdiag.samples.e2e.ChildJvm.dir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stop} leaves the application as if memdiag had never been there: the original bytecode,
 * seen by an independent probe agent ({@code io.memdiag.samples.probe.BytecodeProbe}); no
 * {@code memdiag-*} thread; and over twenty attach/stop cycles no class loader, heap or
 * metaspace left behind, and no transformer still registered.
 */
class AttachStopIT {

    /** A JDK class with resource hooks and an application class with allocation hooks. */
    private static final String JDK_CLASS = "java.io.FileInputStream";
    private static final String APP_CLASS = "io.memdiag.samples.QuietService$Tick";
    private static final String AGENT_OPTIONS = "sample.interval=200ms,report.interval=1h,alloc=on,report.dir=";

    @Test
    void stopGivesBackTheOriginalBytecode() throws Exception {
        Path out = fresh("attach-stop-bytecode");
        Process target = quietService(out);
        try {
            String pid = String.valueOf(target.pid());
            assertEquals(0, cli("attach", pid, AGENT_OPTIONS + out).exitCode());
            Path probe = out.resolve("probe.txt");
            assertTrue(awaitProbe(pid, probe, "hooks"), "both classes get their hooks: " + Files.readString(probe));

            AttachCommandIT.Cli stop = cli("stop", pid);
            assertEquals(0, stop.exitCode(), stop.stderr());
            // No other agent's transformer may be registered while memdiag stops: that alone once
            // hid a stop that restored nothing on JDK 25 (see AgentSession.stop)
            assertOriginal(pid, probe, "both classes have their original bytecode");
            assertTrue(AttachCommandIT.threadNames(pid).stream().noneMatch(n -> n.startsWith("memdiag-")), "no memdiag thread remains");
            // the sampler's compiler directive stays (it matches nothing the application runs): one for all twenty
            String directives = ChildJvm.jcmd(pid, "Compiler.directives_print");
            assertEquals(1, directives.split("io/memdiag/core/analysis/", -1).length - 1, directives);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void twentyAttachStopCyclesLeaveNothingBehind() throws Exception {
        Path out = fresh("attach-stop-cycles");
        Process target = quietService(out);
        try {
            String pid = String.valueOf(target.pid());
            long[] afterFirst = null;
            for (int cycle = 1; cycle <= 20; cycle++) {
                // allocation hooks every other cycle: the last stop restores with only the JDK hooks registered
                String options = (cycle % 2 == 1 ? AGENT_OPTIONS : AGENT_OPTIONS.replace("alloc=on,", "")) + out;
                AttachCommandIT.Cli attach = cli("attach", pid, options);
                assertEquals(0, attach.exitCode(), "cycle " + cycle + ": " + attach.stderr());
                Thread.sleep(300); // a stop may come while the agent still instruments: it must cope
                AttachCommandIT.Cli stop = cli("stop", pid);
                assertEquals(0, stop.exitCode(), "cycle " + cycle + ": " + stop.stderr());
                if (cycle == 2) {
                    afterFirst = footprint(pid); // after the second, once one-time JDK costs are paid
                }
            }
            long[] afterAll = footprint(pid);
            // The last stop's threads may still be on their way out when its command returns (on a
            // loaded machine, once in a full CI run); a loader that stays through ten full GCs
            // over five seconds is held for good.
            for (int retry = 0; retry < 10 && afterAll[0] > 0; retry++) {
                Thread.sleep(500);
                afterAll = footprint(pid);
            }
            assertEquals(0, afterAll[0], "every agent class loader was collected");
            assertTrue(afterAll[1] - afterFirst[1] < 16 * 1024, "heap after GC grew by " + (afterAll[1] - afterFirst[1]) + " KB");
            assertTrue(afterAll[2] - afterFirst[2] < 300, "loaded classes grew by " + (afterAll[2] - afterFirst[2])
                    + " (one agent's are several hundred)");
            assertTrue(AttachCommandIT.threadNames(pid).stream().noneMatch(n -> n.startsWith("memdiag-")), "no memdiag thread remains");

            // the probe comes after every agent so far: a transformer left registered would show here
            assertOriginal(pid, out.resolve("probe.txt"), "no transformer left behind");
        } finally {
            target.destroyForcibly();
        }
    }

    private static Path fresh(String name) throws IOException {
        Path out = dir(name);
        ChildJvm.deleteTree(out);
        Files.createDirectories(out);
        return out;
    }

    /**
     * The JDK's method-handle caches (LambdaForm classes, string concatenation shapes) are held by
     * soft references, which a JVM with free heap keeps for minutes: each attach adds a few dozen
     * such classes to the boot loader that a later GC would drop. With soft references cleared at
     * every GC the counts show what is strongly retained, which is what a leak is.
     */
    private static Process quietService(Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ChildJvm.JAVA, "-Xmx128m", "-XX:SoftRefLRUPolicyMSPerMB=0", "-XX:+EnableDynamicAgentLoading", "-cp",
                ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(), "io.memdiag.samples.QuietService", "600")
                .redirectOutput(out.resolve("stdout.txt").toFile()).redirectError(out.resolve("stderr.txt").toFile()).start();
        Thread.sleep(1000); // both classes loaded, and the main loop in its sleep
        return p;
    }

    private static void assertOriginal(String pid, Path probe, String message) throws Exception {
        Files.deleteIfExists(probe);
        probe(pid, probe, "check");
        String seen = Files.readString(probe);
        assertTrue(seen.contains("now " + JDK_CLASS + " original") && seen.contains("now " + APP_CLASS + " original"),
                message + ": " + seen);
    }

    /** Loads the probe agent (the samples jar) into the target. */
    private static void probe(String pid, Path file, String mode) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            vm.loadAgent(ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(), file + ";" + mode + ";" + JDK_CLASS + "," + APP_CLASS);
        } finally {
            vm.detach();
        }
    }

    /** Checks until both classes are seen in the wanted state: memdiag instruments on its own thread. */
    private static boolean awaitProbe(String pid, Path file, String state) throws Exception {
        for (int i = 0; i < 40; i++) {
            Files.deleteIfExists(file);
            probe(pid, file, "check");
            String seen = Files.readString(file);
            if (seen.contains("now " + JDK_CLASS + " " + state) && seen.contains("now " + APP_CLASS + " " + state)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static final Pattern CLASSES = Pattern.compile("Total Usage - \\d+ loaders, (\\d+) classes");
    private static final Pattern HEAP_USED = Pattern.compile("total (?:reserved \\d+K, committed )?\\d+K, used (\\d+)K");

    /** After a full GC: agent class loaders still alive, heap used KB, classes loaded. */
    private static long[] footprint(String pid) throws IOException, InterruptedException {
        String histogram = ChildJvm.jcmd(pid, "GC.class_histogram"); // a full GC first, which unloads unreachable loaders
        long loaders = histogram.lines().filter(l -> l.trim().endsWith(" io.memdiag.agent.launcher.AgentClassLoader"))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).sum();
        return new long[]{loaders, group(HEAP_USED, ChildJvm.jcmd(pid, "GC.heap_info")), group(CLASSES, ChildJvm.jcmd(pid, "VM.metaspace"))};
    }

    private static long group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in " + text);
        return Long.parseLong(m.group(1));
    }
}
