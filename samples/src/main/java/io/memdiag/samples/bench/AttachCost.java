package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Attach and stop, timed, on a busy JVM started without the agent: runs
 * {@code io.memdiag.samples.HealthyService}, then {@code attach} and {@code stop} it through the
 * jar's own command line the given number of times, and prints each cycle's command times and
 * the target's RSS and thread count after the stop, then the medians. The command times include
 * starting the command's own JVM, as an operator sees them; the target's report notes how long
 * instrumenting its loaded classes took. RSS and threads that keep climbing over the cycles
 * would be a leak of the attach/stop cycle itself.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.AttachCost
 * agent/target/memdiag-agent.jar [cycles, default 20]
 */
public final class AttachCost {

    private AttachCost() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String java = JdkTool.path("java");
        Path reports = Scratch.directory("memdiag-attach");
        Process target = new ProcessBuilder(java, "-Xmx256m", "-XX:+EnableDynamicAgentLoading", "-cp",
                System.getProperty("java.class.path"), "io.memdiag.samples.HealthyService", "3600")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(reports.resolve("target-stderr.txt").toFile()).start();
        try {
            long pid = target.pid();
            Thread.sleep(3000); // past the target's own start-up
            System.out.printf("java %s, target HealthyService (pid %d), %d attach/stop cycles%n", System.getProperty("java.version"), pid, cycles);
            System.out.printf("before: target RSS %d MB, %d threads%n", status(pid, "VmRSS:") / 1024, status(pid, "Threads:"));
            System.out.printf("%5s %12s %10s %14s %8s%n", "cycle", "attach ms", "stop ms", "RSS after MB", "threads");
            List<Long> attachMs = new ArrayList<>();
            List<Long> stopMs = new ArrayList<>();
            for (int i = 1; i <= cycles; i++) {
                attachMs.add(command(java, agent, "attach", String.valueOf(pid), "report.dir=" + reports));
                Thread.sleep(1000); // let the agent sample once
                stopMs.add(command(java, agent, "stop", String.valueOf(pid)));
                System.out.printf("%5d %12d %10d %14d %8d%n", i, attachMs.get(i - 1), stopMs.get(i - 1),
                        status(pid, "VmRSS:") / 1024, status(pid, "Threads:"));
            }
            System.out.printf("median: attach %d ms, stop %d ms (each including the command's own JVM start)%n",
                    Medians.of(attachMs), Medians.of(stopMs));
        } finally {
            target.destroy();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs the jar's own command line ({@code attach}, {@code stop}, ...) and returns how long it took, its JVM's start included. */
    static long command(String java, String agent, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", agent));
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        succeeded(cmd);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Runs a command line to its end and returns its output; one that fails or hangs stops the harness with that output. */
    static String succeeded(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    /** A number from /proc/<pid>/status (kB for sizes), -1 when unknown. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
