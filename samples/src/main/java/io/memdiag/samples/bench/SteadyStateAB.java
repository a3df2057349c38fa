package io.memdiag.samples.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The agent's cost once a program is past its start, measured inside one JVM, where the spread
 * between processes ({@link MachineNoise}) does not enter: a third-party workload runs over and
 * over in a child JVM started without the agent, and memdiag is attached to it and stopped again
 * by PID (the jar's own {@code attach} and {@code stop}), in blocks of four phases: no agent,
 * memdiag, memdiag, no agent. Each block gives one ratio, the mean repetition with memdiag over
 * the mean without, and a drift of the machine across a block weighs on both sides alike. The
 * harness prints the median of those ratios with its 95 % interval ({@link MedianInterval}).
 * Phases are at least {@value #PHASE_MS} ms of repetitions (their number set from the warm-up's).
 *
 * <p>What it measures is what a long-running program pays: the hooks woven into the JDK, the
 * sampler, and what they do to the JIT's code, at the agent's defaults. Not the start (see
 * {@link StartupCost} and {@link JitAttribution}): every switch is followed by untimed
 * repetitions ({@value #SETTLE_MS} ms at least), in which the agent starts or the JIT recompiles
 * what retransformation deoptimised, and the first attach, which before JDK 23 discards all
 * compiled code, is made and undone before the first block ({@link #FIRST_ATTACH_MS}). An attached agent weaves the same hooks as one started with {@code -javaagent}
 * (retransforming the loaded classes, as {@code premain} does too); after {@code stop} the JDK
 * classes are back to their own bytecode, but the JVM keeps the {@code java.instrument} agent
 * it loaded for the first attach, so "no agent" phases carry that part of any agent's cost.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.SteadyStateAB
 * agent/target/memdiag-agent.jar samples/target/workloads [blocks, default 5] [workloads, default h2,ecj,rhino]
 * [steady|smoke, default steady: smoke makes each repetition a few milliseconds, for a test of the harness];
 * {@code -Dab.options=<agent options>} attaches memdiag with those instead of its defaults;
 * {@code -Dab.same=true} attaches nothing (an A/A run: the spread of identical phases);
 * {@code -Dab.baseline=jfr} runs JFR's default recording where there would be no agent (memdiag over JFR);
 * {@code SteadyStateAB pool FILE...} pools the blocks of saved outputs ({@link SteadyStatePool});
 * {@code SteadyStateAB command <workloads dir> <dir> <workload>} writes that workload's input into
 * {@code dir} and prints its child's class path, main class and arguments, tab-separated, for
 * a script that starts the child itself ({@code samples/scripts/profile-steady.sh}).
 *
 * <p>Besides wall time the child reports, per repetition, its own thread's CPU and the JVM's GC
 * and JIT time, so that a difference can be placed: in the workload's thread (slower code, or
 * hooks it runs) or beside it (collections, compilations, the sampler taking a core). Since the
 * sixteenth session. And the whole process's CPU (since the seventeenth): a workload may do
 * much of its work on threads of its own (ECJ parses and resolves on its "Compiler Processing
 * Task" thread, about two thirds of its Java threads' CPU), where the calling thread's CPU does
 * not see it; the process's CPU counts those threads, the JIT's and the agent's too.
 */
public final class SteadyStateAB {

    /** Untimed repetitions before the first block: the JIT has compiled the hot code by then. */
    static final int WARM_UP = 8;
    /** Each phase times at least two repetitions and at least this long: short repetitions are noisier. */
    static final long PHASE_MS = 4000;
    /** After each attach or stop, untimed repetitions for at least this long: the JIT recompiles what was deoptimised. */
    static final long SETTLE_MS = 3000;
    /**
     * After the warm-up, a first attach and stop untimed, with repetitions for at least this long
     * after the attach. Before JDK 23 a JVM's first retransformation discards all of its compiled
     * code, and ECJ on JDK 17 took tens of seconds to compile it again: until the twentieth
     * session the first block's memdiag phases carried that in every run (ECJ/17's first block
     * came out above 1.0 in all 16 runs, at 1.15 in the median). It is paid once per JVM and is
     * measured on its own (performance.md, "Attach to a running JVM"); later attaches discard only
     * the code that used the retransformed classes, which the settling covers.
     */
    static final long FIRST_ATTACH_MS = 30000;
    /** In the header of the runs that have the untimed first attach: {@link SteadyStatePool} keeps their first block. */
    public static final String FIRST_ATTACH_UNTIMED = "then a first attach and stop untimed";
    /** In the header of a run whose baseline phases had JFR's default recording instead of no agent. */
    static final String AGAINST_JFR = "against JFR's default recording";
    /** One block's phases, with memdiag or without: off on on off. */
    static final boolean[] BLOCK = {false, true, true, false};
    /**
     * {@code -Dab.same=true}: an A/A run, the same phases and settling with nothing attached, to
     * see how far apart identical phases come out in this process on this machine.
     */
    private static final boolean SAME = Boolean.getBoolean("ab.same");
    /**
     * {@code -Dab.baseline=jfr}: the phases that would have no agent run JFR's default recording
     * instead (started and stopped with {@code jcmd}), so each block's ratio is memdiag over JFR,
     * the budget's peer, in the same process.
     */
    private static final boolean JFR_BASELINE = "jfr".equals(System.getProperty("ab.baseline", ""));
    /** What the phases without memdiag have, as the output's column heads and CPU line name it. */
    private static final String BASELINE = JFR_BASELINE ? "JFR" : "no agent";

    private SteadyStateAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2], Arrays.copyOfRange(args, 3, args.length));
            return;
        }
        if (args.length > 1 && args[0].equals("pool")) {
            SteadyStatePool.print(Arrays.asList(args).subList(1, args.length));
            return;
        }
        if (args.length == 4 && args[0].equals("command")) {
            System.out.println(childCommand(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath(), args[3]));
            return;
        }
        if (SAME && JFR_BASELINE) {
            // an A/A run attaches nothing, so JFR would have run through all of its phases, unnamed in its output
            System.err.println("-Dab.same=true and -Dab.baseline=jfr cannot be combined: an A/A run has no baseline to replace");
            System.exit(2);
        }
        if (!HarnessArgs.enough(args)) {
            System.err.println("usage: SteadyStateAB <memdiag-agent.jar> <workloads dir> [blocks] [h2,ecj,rhino] [steady|smoke]");
            System.exit(2);
        }
        HarnessArgs harness = HarnessArgs.of(args);
        ThirdPartyWorkload.Size size = ThirdPartyWorkload.Size.valueOf((args.length > 4 ? args[4] : "steady").toUpperCase(Locale.ROOT));
        Path scratch = Scratch.directory("memdiag-ab");
        List<ThirdPartyWorkload> workloads = harness.workloads(scratch, size);
        boolean smoke = size == ThirdPartyWorkload.Size.SMOKE; // a test of the harness: short phases
        long phaseMs = smoke ? PHASE_MS / 20 : PHASE_MS;
        long settleMs = smoke ? SETTLE_MS / 20 : SETTLE_MS;
        long firstAttachMs = smoke ? FIRST_ATTACH_MS / 20 : FIRST_ATTACH_MS;
        System.out.printf("java %s; %s; %d blocks of phases (no agent, memdiag, memdiag, no agent), each phase timing %d ms"
                        + " of repetitions, after %d ms untimed following a switch; %d repetitions to warm up, %s"
                        + " (%d ms of repetitions after the attach)%n",
                System.getProperty("java.version"), agentDescription(), harness.rounds(), phaseMs, settleMs, WARM_UP,
                FIRST_ATTACH_UNTIMED, firstAttachMs);
        System.out.printf("%-8s %16s %16s %12s %36s %12s %10s %8s%n", "workload", BASELINE + " (ms)", "memdiag (ms)", "a phase",
                "memdiag / " + BASELINE + " (95 % interval)", JFR_BASELINE ? "vs JFR" : "within 3 %", "attach ms", "stop ms");
        for (ThirdPartyWorkload w : workloads) {
            print(w, measure(w, harness, scratch, phaseMs, settleMs, firstAttachMs));
        }
    }

    /** What the "memdiag" phases have: the agent at its defaults, at the options given, or (an A/A run) nothing. */
    private static String agentDescription() {
        if (SAME) {
            return "A/A: nothing is attached, the \"memdiag\" phases run without an agent as the others do";
        }
        String options = System.getProperty("ab.options", "");
        return (options.isEmpty() ? "memdiag at its defaults" : "memdiag with " + options) + ", attached and stopped by PID"
                + (JFR_BASELINE ? ", " + AGAINST_JFR + " (jcmd JFR.start) in the phases that say \"no agent\"" : "");
    }

    /**
     * What a ratio shows against its half of the budget: within 3 % of no agent, or, when the
     * baseline was JFR, not above JFR ("shown" only when the whole interval is at or below 1).
     */
    static String budget(boolean againstJfr, MedianInterval ratio) {
        String verdict = ratio.atMost(againstJfr ? 1.0 : 1.03);
        if (!againstJfr) {
            return verdict;
        }
        return switch (verdict) {
            case "shown" -> "<= JFR shown";
            case "exceeded" -> "above JFR";
            case "not resolved" -> "vs JFR n.r.";
            default -> verdict;
        };
    }

    private static void print(ThirdPartyWorkload w, Result r) {
        List<Double> blockRatios = r.ratios(s -> s.wallUs);
        MedianInterval ratio = MedianInterval.of(blockRatios);
        System.out.printf(Locale.ROOT, "%-8s %16d %16d %12s %36s %12s %10d %8d%n", w.name(), Medians.of(r.without) / 1000,
                Medians.of(r.with) / 1000, r.perPhase + " runs",
                ratio.text(), budget(JFR_BASELINE, ratio),
                r.attachMs.isEmpty() ? 0 : Medians.of(r.attachMs), r.stopMs.isEmpty() ? 0 : Medians.of(r.stopMs));
        System.out.printf(Locale.ROOT, "         per block: %s%n", blockRatios.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
        // where a difference comes from: the workload's own thread (slower code), or the JVM's collectors and compilers
        MedianInterval cpu = MedianInterval.of(r.ratios(s -> s.cpuUs));
        MedianInterval processCpu = MedianInterval.of(r.ratios(s -> s.processCpuUs));
        Spent without = Spent.sum(r.blocksWithout);
        Spent with = Spent.sum(r.blocksWith);
        System.out.printf(Locale.ROOT, "         the workload thread's CPU, memdiag / %s: %s; the process's CPU: %s;"
                        + " per repetition, %s / memdiag: GC %.1f / %.1f ms, JIT %.1f / %.1f ms, process CPU %.0f / %.0f ms%n",
                BASELINE, cpu.text(), processCpu.text(), BASELINE,
                without.perRepetition(without.gcMs), with.perRepetition(with.gcMs),
                without.perRepetition(without.jitMs), with.perRepetition(with.jitMs),
                without.perRepetition(without.processCpuUs) / 1000, with.perRepetition(with.processCpuUs) / 1000);
        System.out.printf(Locale.ROOT, "         each phase's wall over its block's mean (off on on off): %s; each block's phases, mean repetition in ms: %s%n",
                Arrays.stream(r.phaseShares()).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).toList(),
                r.phaseMeansMs.stream().map(b -> Arrays.stream(b).mapToObj(x -> String.format(Locale.ROOT, "%.0f", x)).toList().toString()).toList());
        System.out.printf(Locale.ROOT, "         untimed, wall/JIT ms a repetition: the warm-up's last four %s; after the first attach %s%n",
                wallAndJit(r.warmUp.subList(Math.max(0, r.warmUp.size() - 4), r.warmUp.size())), wallAndJit(r.afterFirstAttach));
    }

    private static List<String> wallAndJit(List<Repetition> reps) {
        return reps.stream().map(rep -> rep.wallUs() / 1000 + "/" + rep.jitMs()).toList();
    }

    /**
     * Repetition times in microseconds, the attach and stop commands' times in milliseconds,
     * what each block's repetitions with and without memdiag spent, from which {@link #ratios}
     * gives the per-block ratio of any figure, and each block's phase means in milliseconds, from
     * which {@link #phaseShares} tells whether the first phase after a switch pays for a JIT still
     * recompiling (the settling was too short); and the untimed repetitions of the warm-up and
     * after the first attach, which show what that attach cost once.
     */
    record Result(int perPhase, List<Long> without, List<Long> with, List<Long> attachMs, List<Long> stopMs,
                  List<Spent> blocksWith, List<Spent> blocksWithout, List<double[]> phaseMeansMs,
                  List<Repetition> warmUp, List<Repetition> afterFirstAttach) {

        /** Per block, the figure's sum with memdiag over its sum without. */
        List<Double> ratios(ToLongFunction<Spent> figure) {
            List<Double> ratios = new ArrayList<>(blocksWith.size());
            for (int block = 0; block < blocksWith.size(); block++) {
                ratios.add((double) figure.applyAsLong(blocksWith.get(block)) / figure.applyAsLong(blocksWithout.get(block)));
            }
            return ratios;
        }

        /** Each phase's mean over its block's mean, averaged over the blocks. */
        double[] phaseShares() {
            double[] share = new double[BLOCK.length];
            for (double[] block : phaseMeansMs) {
                double blockMean = Arrays.stream(block).average().orElseThrow();
                for (int phase = 0; phase < BLOCK.length; phase++) {
                    share[phase] += block[phase] / blockMean / phaseMeansMs.size();
                }
            }
            return share;
        }
    }

    /**
     * One repetition as the child measured it: wall and its own thread's CPU in microseconds, the
     * collectors' and the JIT compilers' time in milliseconds while it ran (the whole JVM's, the
     * agent's threads included), and the whole process's CPU in microseconds.
     */
    record Repetition(long wallUs, long cpuUs, long gcMs, long jitMs, long processCpuUs) {
        static Repetition parse(String figures) {
            String[] f = figures.trim().split(" ");
            return new Repetition(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]));
        }
    }

    /** Sums over repetitions. */
    static final class Spent {
        long count;
        long wallUs;
        long cpuUs;
        long gcMs;
        long jitMs;
        long processCpuUs;

        void add(Repetition r) {
            count++;
            wallUs += r.wallUs();
            cpuUs += r.cpuUs();
            gcMs += r.gcMs();
            jitMs += r.jitMs();
            processCpuUs += r.processCpuUs();
        }

        static Spent sum(List<Spent> parts) {
            Spent all = new Spent();
            for (Spent s : parts) {
                all.count += s.count;
                all.wallUs += s.wallUs;
                all.cpuUs += s.cpuUs;
                all.gcMs += s.gcMs;
                all.jitMs += s.jitMs;
                all.processCpuUs += s.processCpuUs;
            }
            return all;
        }

        double perRepetition(long total) {
            return count == 0 ? 0 : (double) total / count;
        }
    }

    /** How many repetitions of about {@code repetitionUs} last at least {@code ms}; never fewer than {@code least}. */
    static int repetitionsFor(long ms, long repetitionUs, int least) {
        return (int) Math.max(least, (ms * 1000 + repetitionUs - 1) / Math.max(1, repetitionUs));
    }

    private static Result measure(ThirdPartyWorkload w, HarnessArgs harness, Path scratch, long phaseMs, long settleMs,
                                  long firstAttachMs) throws Exception {
        String java = JdkTool.path("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(ThirdPartyOverhead.HEAP);
        cmd.addAll(List.of("-XX:+EnableDynamicAgentLoading", "-cp",
                ThirdPartyOverhead.childClassPath(w), SteadyStateAB.class.getName(), "child", w.name(), w.mainClass()));
        cmd.addAll(w.args());
        File stderr = scratch.resolve(w.name() + "-child-stderr.txt").toFile();
        Process process = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectError(stderr).start();
        String pid = String.valueOf(process.pid());
        String options = System.getProperty("ab.options", ""); // e.g. threads=off,resources=off: which part costs what
        String reports = "report.dir=" + scratch.resolve("reports") + (options.isEmpty() ? "" : "," + options);
        boolean attached = false;
        try (Repetitions child = new Repetitions(process, stderr)) {
            List<Repetition> warmUp = child.run(WARM_UP);
            // the fastest of the last few: a workload the JIT is still speeding up (ECJ) would get phases too short
            long repetitionUs = warmUp.subList(WARM_UP / 2, WARM_UP).stream().mapToLong(Repetition::wallUs).min().orElseThrow();
            int perPhase = repetitionsFor(phaseMs, repetitionUs, 2);
            int settle = repetitionsFor(settleMs, repetitionUs, 1);
            int firstAttach = repetitionsFor(firstAttachMs, repetitionUs, 1);
            // the first attach's one-time cost kept out of the blocks (FIRST_ATTACH_MS); an A/A run waits as long
            if (!SAME) {
                AttachCost.command(java, harness.agent(), "attach", pid, reports);
            }
            List<Repetition> afterFirstAttach = child.run(firstAttach);
            if (!SAME) {
                AttachCost.command(java, harness.agent(), "stop", pid);
            }
            if (JFR_BASELINE) { // JFR's own first start sets up much in the JVM: as long untimed as memdiag's first attach
                jfr(pid, "JFR.start");
                child.run(firstAttach);
            }
            child.run(settle);
            Result r = new Result(perPhase, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), warmUp, afterFirstAttach);
            for (int block = 0; block < harness.rounds(); block++) {
                Spent with = new Spent();
                Spent without = new Spent();
                double[] phaseWallUs = new double[BLOCK.length];
                for (int phase = 0; phase < BLOCK.length; phase++) {
                    boolean agent = BLOCK[phase];
                    if (agent != attached) {
                        if (SAME) {
                            // no agent: the switch is only the settling that follows it
                        } else if (agent) {
                            if (JFR_BASELINE) {
                                jfr(pid, "JFR.stop");
                            }
                            r.attachMs.add(AttachCost.command(java, harness.agent(), "attach", pid, reports));
                        } else {
                            r.stopMs.add(AttachCost.command(java, harness.agent(), "stop", pid));
                            if (JFR_BASELINE) {
                                jfr(pid, "JFR.start");
                            }
                        }
                        attached = agent;
                        child.run(settle);
                    }
                    for (Repetition rep : child.run(perPhase)) {
                        (agent ? r.with : r.without).add(rep.wallUs());
                        (agent ? with : without).add(rep);
                        phaseWallUs[phase] += rep.wallUs();
                    }
                }
                r.blocksWith.add(with);
                r.blocksWithout.add(without);
                r.phaseMeansMs.add(Arrays.stream(phaseWallUs).map(us -> us / perPhase / 1000).toArray());
            }
            if (attached) {
                AttachCost.command(java, harness.agent(), "stop", pid);
            }
            return r;
        }
    }

    /** A JFR recording of the harness's own name started (default settings) or stopped in the child, by jcmd. */
    private static void jfr(String pid, String command) throws IOException, InterruptedException {
        String jcmd = JdkTool.path("jcmd");
        String out = AttachCost.succeeded(List.of(jcmd, pid, command, "name=memdiag-ab"));
        if (out.contains("Could not")) { // jcmd exits 0 when the diagnostic command itself refused
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
    }

    /** The parent's end of the child: "run N" on its stdin, one "ab-us" line per repetition (microseconds) and "ab-done" back. */
    private static final class Repetitions implements AutoCloseable {
        private final Process process;
        private final File stderr;
        private final PrintWriter commands;
        private final BufferedReader replies;

        Repetitions(Process process, File stderr) {
            this.process = process;
            this.stderr = stderr;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        List<Repetition> run(int n) throws IOException {
            commands.println("run " + n);
            List<Repetition> us = new ArrayList<>();
            for (String line; (line = replies.readLine()) != null; ) {
                if (line.startsWith("ab-us ")) {
                    us.add(Repetition.parse(line.substring("ab-us ".length())));
                } else if (line.equals("ab-done")) {
                    return us;
                }
                // anything else is the workload's own output (Rhino prints its rounds)
            }
            // the scratch folder, the stderr file with it, is gone once this JVM ends: say what it said
            throw new IllegalStateException("the child JVM ended; its stderr ends with:\n"
                    + ThirdPartyOverhead.tail(Files.readString(stderr.toPath(), StandardCharsets.UTF_8)));
        }

        @Override
        public void close() throws InterruptedException {
            commands.println("quit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The child's class path, main class and arguments for {@code workload}, tab-separated, its
     * input written into {@code dir}: what {@link #measure} starts, for a script to start alike.
     */
    static String childCommand(Path workloads, Path dir, String workload) throws IOException {
        ThirdPartyWorkload w = ThirdPartyWorkload.prepare(workloads, dir, ThirdPartyWorkload.Size.STEADY).stream()
                .filter(x -> x.name().equals(workload)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no workload " + workload + "; there are h2, ecj and rhino"));
        List<String> fields = new ArrayList<>(List.of(ThirdPartyOverhead.childClassPath(w), w.mainClass()));
        fields.addAll(w.args());
        return String.join("\t", fields);
    }

    /** The child: repeats the workload in this JVM as the parent asks. */
    private static void child(String name, String mainClass, String[] args) throws Exception {
        Runnable repetition = repetition(name, mainClass, args);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        com.sun.management.OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        for (String line; (line = commands.readLine()) != null && !line.equals("quit"); ) {
            int n = Integer.parseInt(line.substring("run ".length()));
            for (int i = 0; i < n; i++) {
                long gcMs = gcMs();
                long jitMs = jit.getTotalCompilationTime();
                long cpuNs = threads.getCurrentThreadCpuTime();
                long processCpuNs = os.getProcessCpuTime();
                long start = System.nanoTime();
                repetition.run();
                long wallNs = System.nanoTime() - start;
                System.out.println("ab-us " + TimeUnit.NANOSECONDS.toMicros(wallNs)
                        + " " + TimeUnit.NANOSECONDS.toMicros(threads.getCurrentThreadCpuTime() - cpuNs)
                        + " " + (gcMs() - gcMs)
                        + " " + (jit.getTotalCompilationTime() - jitMs)
                        + " " + TimeUnit.NANOSECONDS.toMicros(os.getProcessCpuTime() - processCpuNs));
            }
            System.out.println("ab-done");
            System.out.flush();
        }
    }

    /** The collectors' accumulated pause and cycle time, as the JVM reports it. */
    private static long gcMs() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * One run of the workload, called in this JVM rather than through its {@code main}, which
     * for ECJ ends the JVM: H2's {@code RunScript.main}, ECJ's {@code BatchCompiler.compile},
     * Rhino's {@code Main.exec}. A failed run throws, and the child ends. Each workload checks
     * its own answer as in the whole-process runs.
     */
    static Runnable repetition(String name, String mainClass, String[] args) throws ReflectiveOperationException {
        switch (name) {
            case "h2": {
                Method main = Class.forName(mainClass).getMethod("main", String[].class);
                return () -> invoke(main, (Object) args);
            }
            case "ecj": {
                Class<?> progress = Class.forName("org.eclipse.jdt.core.compiler.CompilationProgress");
                Method compile = Class.forName("org.eclipse.jdt.core.compiler.batch.BatchCompiler")
                        .getMethod("compile", String[].class, PrintWriter.class, PrintWriter.class, progress);
                PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
                return () -> {
                    if (!Boolean.TRUE.equals(invoke(compile, args, discard, discard, null))) {
                        throw new IllegalStateException("ecj reported compile errors");
                    }
                };
            }
            case "rhino": {
                Class<?> shell = Class.forName(mainClass);
                Method exec = shell.getMethod("exec", String[].class);
                // the shell adds each exec's script to a static list it never clears: emptied, each
                // repetition runs the script once (compiled the first time, then from the shell's cache)
                Field scripts = shell.getDeclaredField("fileList");
                scripts.setAccessible(true);
                return () -> {
                    try {
                        ((List<?>) scripts.get(null)).clear();
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                    Object exit = invoke(exec, (Object) args);
                    if (!Integer.valueOf(0).equals(exit)) {
                        throw new IllegalStateException("rhino exited with " + exit);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("no in-process entry for workload " + name);
        }
    }

    private static Object invoke(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(m.getDeclaringClass().getSimpleName() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
