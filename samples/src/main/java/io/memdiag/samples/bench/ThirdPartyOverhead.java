package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Whole-process overhead on third-party workloads ({@link ThirdPartyWorkload}): each is run
 * without an agent, with memdiag at its defaults, with allocation sampling on, at its most
 * detailed settings, without an agent again (a control), and with JFR's default profile, the
 * modes alternating, each round starting one mode later (A B C D, B C D A, C D A B ...), and
 * the harness prints per workload and mode the medians of wall time, CPU time and peak RSS, the
 * median and range of the per-round ratios to no agent and to JFR, and the budget's verdicts.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.ThirdPartyOverhead
 * agent/target/memdiag-agent.jar samples/target/workloads [rounds, default 5]
 * [workloads, default h2,ecj,rhino] [full|smoke, default full] [modes, default all, e.g. "no agent,memdiag defaults"]
 *
 * <p>With {@code -Dthirdparty.record=<file>} every run is also appended to that file, one line
 * each ({@link RunRecords}); {@code ThirdPartyOverhead pool <file>...} prints the same tables
 * from the rounds of several such files, per JDK: on a machine whose noise is several times the
 * budget, rounds from several sessions narrow the intervals where one session's cannot.
 */
public final class ThirdPartyOverhead {

    /**
     * A second run without an agent in every round, further from the first than memdiag's runs
     * are: its ratio to "no agent" is what the machine alone makes of two identical runs, the
     * resolution every other ratio must be read against.
     */
    public static final String CONTROL = "no agent, again (control)";

    /** The heap every mode gets, so a mode cannot win or lose by G1 sizing the heap differently. */
    static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g");

    /** memdiag's most detailed settings: 8× the allocation samples, deep stacks, every opening site looked up, 10× the sampling. */
    static final String MOST_DETAILED = "alloc=on,alloc.rate=64k,alloc.stack.depth=64,alloc.live.max=65536,"
            + "resources.stack.depth=64,resources.walks=10000000,sample.interval=100ms,report.interval=10s";

    /**
     * One run. The CPU time by thread role ({@link ThreadRoleCpu}: -1 where unknown)
     * shows where a mode's extra CPU goes: the agent's own threads, more JIT or GC work, or the
     * program's threads running slower; the program's share is the rest of the process's CPU.
     */
    record Result(double wallS, double steadyS, double cpuS, long peakRssKb, double jitS, double gcS, double agentS, double harnessS,
                  double beforeMainS) {

        double programS() {
            return jitS < 0 || beforeMainS < 0 ? -1 : cpuS - jitS - gcS - agentS - harnessS - beforeMainS;
        }
    }

    private ThirdPartyOverhead() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("pool")) {
            pool(Arrays.asList(args).subList(1, args.length));
            return;
        }
        if (!HarnessArgs.enough(args)) {
            System.err.println("usage: ThirdPartyOverhead <memdiag-agent.jar> <workloads dir> [rounds] [h2,ecj,rhino] [full|smoke] [modes]");
            System.exit(2);
        }
        HarnessArgs harness = HarnessArgs.of(args);
        int rounds = harness.rounds();
        ThirdPartyWorkload.Size size = ThirdPartyWorkload.Size.valueOf((args.length > 4 ? args[4] : "full").toUpperCase());
        Path scratch = Scratch.directory("memdiag-3p");
        List<ThirdPartyWorkload> workloads = harness.workloads(scratch, size);
        Path reports = scratch.resolve("reports");
        Map<String, List<String>> modes = modes(harness.agent(), reports, scratch);
        if (args.length > 5) { // a subset; "no agent" and JFR stay, as the bases of the ratios, and the control
            List<String> wantedModes = new ArrayList<>(Arrays.asList(args[5].split(",")));
            wantedModes.addAll(List.of("no agent", CONTROL, "JFR default profile"));
            modes.keySet().retainAll(wantedModes);
        }
        Map<String, Map<String, List<Result>>> results = new LinkedHashMap<>();
        for (ThirdPartyWorkload w : workloads) {
            Map<String, List<Result>> byMode = new LinkedHashMap<>();
            modes.keySet().forEach(m -> byMode.put(m, new ArrayList<>()));
            results.put(w.name(), byMode);
        }
        String record = System.getProperty("thirdparty.record");
        for (int round = 1; round <= rounds; round++) {
            for (ThirdPartyWorkload w : workloads) {
                for (Map.Entry<String, List<String>> mode : rotated(modes, round - 1)) {
                    Result r = run(w, mode.getValue(), scratch);
                    results.get(w.name()).get(mode.getKey()).add(r);
                    if (record != null) {
                        RunRecords.append(Path.of(record), System.getProperty("java.version"), w.name(), mode.getKey(), round, r);
                    }
                    System.err.printf("round %d %s / %s: wall %.2f s, steady %.2f s, cpu %.2f s (before main %.2f, program %.2f, jit %.2f, gc %.2f, agent %.2f)%n",
                            round, w.name(), mode.getKey(), r.wallS, r.steadyS, r.cpuS, r.beforeMainS, r.programS(), r.jitS, r.gcS, r.agentS);
                }
            }
        }
        System.out.printf("%nmachine: %d CPUs, java %s (%s), heap %s, %d rounds per mode, modes alternating, each round starting one mode later; medians%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
                String.join(" ", HEAP), rounds);
        Map<String, String> what = new LinkedHashMap<>();
        workloads.forEach(w -> what.put(w.name(), w.what()));
        print(results, what);
    }

    /** The rounds of several {@link RunRecords} files, per JDK, as one run would print them. */
    private static void pool(List<String> files) throws IOException {
        List<Path> paths = new ArrayList<>();
        files.forEach(f -> paths.add(Path.of(f)));
        for (Map.Entry<String, Map<String, Map<String, List<Result>>>> jdk : RunRecords.pool(paths).entrySet()) {
            Map<String, Map<String, List<Result>>> results = jdk.getValue();
            int rounds = results.values().iterator().next().get("no agent").size();
            System.out.printf("%njava %s: %d complete rounds pooled from %s, heap %s; medians%n", jdk.getKey(), rounds, String.join(", ", files),
                    String.join(" ", HEAP));
            Map<String, String> what = new LinkedHashMap<>();
            results.keySet().forEach(w -> what.put(w, "(pooled)"));
            print(results, what);
        }
    }

    /** The tables: per workload and mode, medians, ratios, the budget's verdicts, CPU by thread role. */
    private static void print(Map<String, Map<String, List<Result>>> results, Map<String, String> what) {
        System.out.println("most detailed = " + MOST_DETAILED);
        for (String workload : results.keySet()) {
            System.out.printf("%n%s: %s%n", workload, what.get(workload));
            System.out.println("| mode | wall s | CPU s | peak RSS MB | wall vs none (range) | CPU vs none | wall vs JFR | steady s | steady vs none (range) | steady vs JFR |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            Map<String, List<Result>> byMode = results.get(workload);
            List<Result> none = byMode.get("no agent");
            List<Result> jfr = byMode.get("JFR default profile");
            for (Map.Entry<String, List<Result>> e : byMode.entrySet()) {
                List<Result> rs = e.getValue();
                List<Double> vsNone = ratios(rs, none, Result::wallS);
                System.out.printf("| %s | %.2f | %.2f | %d | %.3f (%.3f–%.3f) | %.3f | %.3f | %s |%n", e.getKey(),
                        median(rs, Result::wallS), median(rs, Result::cpuS), Math.round(median(rs, r -> r.peakRssKb) / 1024),
                        Medians.ofDoubles(vsNone), Collections.min(vsNone), Collections.max(vsNone),
                        Medians.ofDoubles(ratios(rs, none, Result::cpuS)), Medians.ofDoubles(ratios(rs, jfr, Result::wallS)), steady(rs, none, jfr));
            }
            printBudget(byMode, none, jfr);
            System.out.println();
            System.out.println("CPU by thread role, medians (s): program = the process less the others and the harness's poller: its own threads and the hooks in them");
            System.out.println("| mode | process | main before the program (JVM start, premain) | program | program vs none | JIT compilers | GC and VM thread | agent threads (memdiag, JFR, GC notifications) |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, List<Result>> e : byMode.entrySet()) {
                List<Result> rs = e.getValue();
                System.out.printf("| %s | %.2f | %.2f | %.2f | %.3f | %.2f | %.2f | %.2f |%n", e.getKey(), median(rs, Result::cpuS),
                        median(rs, Result::beforeMainS), median(rs, Result::programS), Medians.ofDoubles(ratios(rs, none, Result::programS)),
                        median(rs, Result::jitS), median(rs, Result::gcS), median(rs, Result::agentS));
            }
        }
    }

    /** The budget's limit on the wall-time ratio to no agent (issue 7: within 3 %). */
    static final double BUDGET = 1.03;

    /**
     * The budget judged with the noise in view: per mode, the median wall-time ratio to no agent
     * and to JFR with 95 % bootstrap intervals ({@link MedianInterval}), and whether the runs show
     * the mode within 3 % of no agent and not above JFR, show it exceeding, or cannot tell. The
     * control's row says what the machine resolves: two identical runs.
     */
    private static void printBudget(Map<String, List<Result>> byMode, List<Result> none, List<Result> jfr) {
        System.out.println();
        System.out.println("budget: wall time within 3 % of no agent and not above JFR; median of the per-round ratios, 95 % bootstrap interval");
        System.out.println("| mode | vs no agent (95 % interval) | within 3 % | vs JFR (95 % interval) | not above JFR |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Result>> e : byMode.entrySet()) {
            if (e.getValue() == none || e.getValue() == jfr) {
                continue;
            }
            MedianInterval vsNone = MedianInterval.of(ratios(e.getValue(), none, Result::wallS));
            MedianInterval vsJfr = MedianInterval.of(ratios(e.getValue(), jfr, Result::wallS));
            System.out.printf("| %s | %.3f (%.3f–%.3f) | %s | %.3f (%.3f–%.3f) | %s |%n", e.getKey(), vsNone.median(), vsNone.low(),
                    vsNone.high(), vsNone.atMost(BUDGET), vsJfr.median(), vsJfr.low(), vsJfr.high(), vsJfr.atMost(1.0));
        }
    }

    /** The steady-state columns: the second half's time, its ratio to no agent (and range) and to JFR; n/a when the program prints no timings. */
    private static String steady(List<Result> rs, List<Result> none, List<Result> jfr) {
        if (median(rs, Result::steadyS) < 0) {
            return "n/a | n/a | n/a";
        }
        List<Double> vsNone = ratios(rs, none, Result::steadyS);
        return String.format("%.2f | %.3f (%.3f–%.3f) | %.3f", median(rs, Result::steadyS), Medians.ofDoubles(vsNone), Collections.min(vsNone),
                Collections.max(vsNone), Medians.ofDoubles(ratios(rs, jfr, Result::steadyS)));
    }

    /**
     * Every mode, no agent first (the base of the ratios) and JFR last. Before JFR, no agent
     * once more ({@link #CONTROL}).
     */
    static Map<String, List<String>> modes(String agent, Path reports, Path scratch) {
        Map<String, List<String>> modes = new LinkedHashMap<>();
        modes.put("no agent", List.of());
        modes.put("memdiag defaults", List.of("-javaagent:" + agent + "=report.dir=" + reports));
        modes.put("memdiag alloc=on", List.of("-javaagent:" + agent + "=report.dir=" + reports + ",alloc=on"));
        modes.put("memdiag most detailed", List.of("-javaagent:" + agent + "=report.dir=" + reports + "," + MOST_DETAILED));
        modes.put(CONTROL, List.of());
        modes.put("JFR default profile", List.of("-XX:StartFlightRecording=settings=default,filename=" + scratch.resolve("run.jfr")));
        return modes;
    }

    /**
     * The modes in the order round {@code shift + 1} runs them: each round starts one mode later,
     * so no mode always runs first or last in a round. In a fixed order, the tenth session's control
     * (a second run without an agent, third in every round) came out 4.3 % slower than the first
     * on H2, 95 % interval 1.003–1.075: a place in the round can cost time on this machine, and a
     * fixed order charges it to the mode that holds the place.
     */
    static List<Map.Entry<String, List<String>>> rotated(Map<String, List<String>> modes, int shift) {
        List<Map.Entry<String, List<String>>> order = new ArrayList<>(modes.entrySet());
        Collections.rotate(order, -(shift % order.size()));
        return order;
    }

    /** This JVM's class path made absolute (the child runs in the scratch folder), then the workload's jars. */
    static String childClassPath(ThirdPartyWorkload w) {
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(new File(entry).getAbsolutePath());
        }
        cp.addAll(w.classPath());
        return String.join(File.pathSeparator, cp);
    }

    /** One run of a workload in a fresh JVM; fails the harness if the program failed. */
    static Result run(ThirdPartyWorkload w, List<String> mode, Path scratch) throws IOException, InterruptedException {
        String java = JdkTool.path("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(HEAP);
        cmd.addAll(mode);
        cmd.addAll(List.of("-cp", childClassPath(w), Measured.class.getName(), w.mainClass()));
        cmd.addAll(w.args());
        Path out = scratch.resolve("stdout.txt");
        Path err = scratch.resolve("stderr.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("run did not finish in 30 minutes: " + cmd);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("run failed (exit " + p.exitValue() + "): " + cmd + "\n" + tail(stdout)
                    + "\n" + tail(Files.readString(err, StandardCharsets.UTF_8)));
        }
        return new Result(wall, w.steadyMs(stdout) / 1000.0, stat(stdout, "cpu-ms") / 1000.0,
                stat(stdout, "peak-rss-kb"), seconds(stdout, "cpu-ms-jit"), seconds(stdout, "cpu-ms-gc"), seconds(stdout, "cpu-ms-agent"),
                seconds(stdout, "cpu-ms-harness"), seconds(stdout, "cpu-ms-before-main"));
    }

    private static double seconds(String stdout, String msStat) {
        long ms = stat(stdout, msStat);
        return ms < 0 ? -1 : ms / 1000.0;
    }

    private static long stat(String stdout, String name) {
        String prefix = "memdiag-bench " + name + " ";
        long value = -1;
        for (String line : stdout.split("\n")) {
            if (line.startsWith(prefix)) {
                value = Long.parseLong(line.substring(prefix.length()).trim());
            }
        }
        return value;
    }

    static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    /** Per-round ratios: round i of a mode against round i of the base, which ran right next to it. */
    private static List<Double> ratios(List<Result> mode, List<Result> base, ToDoubleFunction<Result> value) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < mode.size(); i++) {
            r.add(value.applyAsDouble(mode.get(i)) / value.applyAsDouble(base.get(i)));
        }
        return r;
    }

    private static double median(List<Result> rs, ToDoubleFunction<Result> value) {
        List<Double> v = new ArrayList<>();
        rs.forEach(r -> v.add(value.applyAsDouble(r)));
        return Medians.ofDoubles(v);
    }
}
