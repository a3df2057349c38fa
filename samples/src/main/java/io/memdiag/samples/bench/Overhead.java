package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process overhead of allocation sampling on allocation-heavy code: runs
 * {@code io.memdiag.samples.AllocHeavy} without an agent, with memdiag at its defaults (allocation
 * sampling off), with allocation sampling on at the default rate and at {@code alloc.rate=64k},
 * and with JFR's default profile, alternating the modes
 * (A B C D A B C D ...), and prints per mode the median throughput, process CPU time and peak
 * RSS, each with its ratio to no agent.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.Overhead
 * agent/target/memdiag-agent.jar [runs per mode, default 5] [seconds per run, default 10]
 */
public final class Overhead {

    private Overhead() {
    }

    record Result(long rounds, long cpuMs, long peakRssKb) {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String seconds = args.length > 2 ? args[2] : "10";
        File scratch = Scratch.directory("memdiag-overhead").toFile();
        Map<String, List<String>> modes = new LinkedHashMap<>();
        modes.put("no agent", List.of());
        modes.put("memdiag defaults", List.of("-javaagent:" + agent + "=report.dir=" + scratch));
        modes.put("memdiag alloc=on", List.of("-javaagent:" + agent + "=report.dir=" + scratch + ",alloc=on"));
        modes.put("memdiag alloc.rate=64k", List.of("-javaagent:" + agent + "=report.dir=" + scratch + ",alloc=on,alloc.rate=64k"));
        modes.put("JFR default profile", List.of("-XX:StartFlightRecording=settings=default,filename=" + new File(scratch, "run.jfr")));
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (String mode : modes.keySet()) {
            results.put(mode, new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
                results.get(mode.getKey()).add(run(mode.getValue(), seconds));
            }
        }
        Result base = medians(results.get("no agent"));
        System.out.printf("java %s, AllocHeavy %s s, 1 thread, -Xms1g -Xmx1g, %d runs per mode, alternating; medians%n",
                System.getProperty("java.version"), seconds, runs);
        System.out.printf("%-24s %14s %8s %10s %8s %12s%n", "mode", "rounds", "vs none", "CPU s", "vs none", "peak RSS MB");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            Result m = medians(e.getValue());
            System.out.printf("%-24s %14d %8.3f %10.1f %8.3f %12d%n", e.getKey(), m.rounds, (double) m.rounds / base.rounds,
                    m.cpuMs / 1000.0, (double) m.cpuMs / base.cpuMs, m.peakRssKb / 1024);
        }
    }

    private static Result run(List<String> mode, String seconds) throws IOException, InterruptedException {
        String java = JdkTool.path("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g"));
        cmd.addAll(mode);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.memdiag.samples.AllocHeavy", seconds));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("run failed: " + cmd + "\n" + out);
        }
        long rounds = -1;
        long cpu = -1;
        long rss = -1;
        for (String line : out.split("\n")) {
            if (line.startsWith("AllocHeavy: ")) {
                rounds = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("cpu-ms ")) {
                cpu = Long.parseLong(line.substring(7).trim());
            } else if (line.startsWith("peak-rss-kb ")) {
                rss = Long.parseLong(line.substring(12).trim());
            }
        }
        return new Result(rounds, cpu, rss);
    }

    private static Result medians(List<Result> results) {
        return new Result(median(results, Result::rounds), median(results, Result::cpuMs), median(results, Result::peakRssKb));
    }

    private static long median(List<Result> results, java.util.function.ToLongFunction<Result> value) {
        List<Long> values = new ArrayList<>();
        for (Result r : results) {
            values.add(value.applyAsLong(r));
        }
        return Medians.of(values);
    }
}
