package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process start-up cost of the agent: runs {@code io.memdiag.samples.Hello} alternately
 * without and with {@code -javaagent} (A B A B ...), and prints the medians of the JVM uptime at
 * main (premain included) and of the wall time of the whole process. On Linux also the CPU time
 * the process has used (all its threads: the agent's, the JIT's) {@value #CPU_AFTER_MS} ms after
 * main was entered, read from {@code /proc/<pid>/stat} while {@code Hello} lingers: what the
 * agent's start costs a program that shares the machine's cores with it.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.StartupCost
 * agent/target/memdiag-agent.jar [runs per mode, default 15]
 */
public final class StartupCost {

    /** When the CPU time is read, after main: the agent's start (on its own threads) is over by then. */
    static final long CPU_AFTER_MS = 1500;

    private StartupCost() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String javaBin = JdkTool.path("java");
        String cp = System.getProperty("java.class.path");
        File reports = Scratch.directory("memdiag-startup").toFile();
        List<Long> mainWithout = new ArrayList<>();
        List<Long> mainWith = new ArrayList<>();
        List<Long> wallWithout = new ArrayList<>();
        List<Long> wallWith = new ArrayList<>();
        List<Long> cpuWithout = new ArrayList<>();
        List<Long> cpuWith = new ArrayList<>();
        boolean linux = new File("/proc/self/stat").isFile();
        run(javaBin, cp, null, mainWithout, wallWithout); // warm the OS page cache for both jars
        run(javaBin, cp, agent + "=report.dir=" + reports, mainWith, wallWith);
        mainWithout.clear();
        mainWith.clear();
        wallWithout.clear();
        wallWith.clear();
        for (int i = 0; i < runs; i++) {
            run(javaBin, cp, null, mainWithout, wallWithout);
            run(javaBin, cp, agent + "=report.dir=" + reports, mainWith, wallWith);
            if (linux) {
                cpuWithout.add(cpuAfterStart(javaBin, cp, null));
                cpuWith.add(cpuAfterStart(javaBin, cp, agent + "=report.dir=" + reports));
            }
        }
        System.out.printf("java %s, %d runs per mode, alternating%n", System.getProperty("java.version"), runs);
        System.out.printf("%-22s %12s %12s %12s%n", "median", "no agent", "memdiag", "added");
        System.out.printf("%-22s %9d ms %9d ms %9d ms%n", "uptime at main", Medians.of(mainWithout), Medians.of(mainWith),
                Medians.of(mainWith) - Medians.of(mainWithout));
        System.out.printf("%-22s %9d ms %9d ms %9d ms%n", "whole process (wall)", Medians.of(wallWithout), Medians.of(wallWith),
                Medians.of(wallWith) - Medians.of(wallWithout));
        if (linux) {
            System.out.printf("%-22s %9d ms %9d ms %9d ms%n", "CPU " + CPU_AFTER_MS + " ms after main", Medians.of(cpuWithout),
                    Medians.of(cpuWith), Medians.of(cpuWith) - Medians.of(cpuWithout));
        }
    }

    /** The child's user + system CPU time in ms, all threads, CPU_AFTER_MS after main was entered. */
    private static long cpuAfterStart(String javaBin, String cp, String agent) throws IOException, InterruptedException {
        List<String> cmd = hello(javaBin, cp, agent, String.valueOf(CPU_AFTER_MS + 2000));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("lingering"); line = out.readLine()) {
                // uptime-at-main-ms: measured by run()
            }
            Thread.sleep(CPU_AFTER_MS);
            return SelfStats.cpuMsOfStat(java.nio.file.Files.readString(java.nio.file.Paths.get("/proc", String.valueOf(p.pid()), "stat")));
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void run(String java, String cp, String agent, List<Long> atMain, List<Long> wall)
            throws IOException, InterruptedException {
        List<String> cmd = hello(java, cp, agent);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("run failed: " + cmd + "\n" + out);
        }
        wall.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        for (String line : out.split("\n")) {
            if (line.startsWith("uptime-at-main-ms ")) {
                atMain.add(Long.parseLong(line.substring("uptime-at-main-ms ".length()).trim()));
            }
        }
    }

    /** {@code java [-javaagent:agent] -cp cp io.memdiag.samples.Hello args}; no agent when null. */
    private static List<String> hello(String javaBin, String cp, String agent, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xshare:auto"));
        if (agent != null) {
            cmd.add("-javaagent:" + agent);
        }
        cmd.addAll(List.of("-cp", cp, "io.memdiag.samples.Hello"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
