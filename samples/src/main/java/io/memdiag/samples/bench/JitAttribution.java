package io.memdiag.samples.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How much of the JIT compiler's work in a third-party workload ({@link ThirdPartyWorkload}) is
 * the agent's: the part of its cost the thread-role split of {@link ThirdPartyOverhead} cannot
 * separate from noise. On two cores the compiler threads' CPU moves by 10–30 % from one run of
 * the same program to the next (which methods reach C2 and when, and what C2 inlines, follow the
 * timing), so the difference of two runs' totals says little. What can be attributed is the
 * compilations that exist because the agent does: of its own code (the trackers, the bridge,
 * the transformer), and of JDK or program methods that are compiled in the runs with the agent
 * and in none without it (the JDK code the agent's start and trackers use: concurrent maps,
 * lambdas, class-file spinning). Each run logs its compilations with their durations, in both
 * modes: by default with HotSpot's {@code -XX:+LogCompilation} (a diagnostic option; its cost,
 * the same on both sides, slows the compilations it times), or with {@code jfr}, in a JFR
 * recording of {@code jdk.Compilation} events only. JFR's own start makes JDK code hot that the
 * agent's start would otherwise be the first to (method handles, lambdas, the class-file API),
 * so with {@code jfr} the runs without the agent compile part of what the agent brings about,
 * and that part is not counted: a lower bound.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.JitAttribution
 * agent/target/memdiag-agent.jar samples/target/workloads [rounds, default 5] [workloads, default h2,ecj,rhino]
 * [log|jfr, default log]
 */
public final class JitAttribution {

    static final String NO_AGENT = "no agent";
    static final String MEMDIAG = "memdiag defaults";

    /** A JFR configuration with HotSpot's compilation event only, every compilation recorded. */
    static final String COMPILATIONS_ONLY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="compilations only">
              <event name="jdk.Compilation">
                <setting name="enabled">true</setting>
                <setting name="threshold">0 ms</setting>
              </event>
            </configuration>
            """;

    private static final String HARNESS_PACKAGE = "io.memdiag.samples.";

    /**
     * Where the JVM numbers the classes it spins (lambdas, lambda forms, proxies): {@code
     * Foo$$Lambda$271+0x00007fc7d411e450} (JDK 17) or {@code Foo$$Lambda/0x0000...} (JDK 25); the
     * numbers differ from run to run, so they are dropped to compare runs.
     */
    private static final Pattern SPUN_CLASS_NUMBERS = Pattern.compile("(\\$\\d+)?([+/]0x[0-9a-f]+)");

    static String withoutSpunNumbers(String typeName) {
        return SPUN_CLASS_NUMBERS.matcher(typeName).replaceAll("");
    }

    /** One compilation: the method (class, name and descriptor), which compiler, how long it took. */
    record Compilation(String type, String method, String compiler, long nanos) {

        /** memdiag's classes; not the harness's ({@link Measured}, {@link ThreadRoleCpu}), which run in both modes. */
        boolean agentCode() {
            return type.startsWith("io.memdiag.") && !type.startsWith(HARNESS_PACKAGE);
        }

        String key() {
            return type + "." + method;
        }

        String packageName() {
            int dot = type.lastIndexOf('.');
            return dot < 0 ? type : type.substring(0, dot);
        }
    }

    private JitAttribution() {
    }

    public static void main(String[] args) throws Exception {
        if (!HarnessArgs.enough(args)) {
            System.err.println("usage: JitAttribution <memdiag-agent.jar> <workloads dir> [rounds] [h2,ecj,rhino] [log|jfr]");
            System.exit(2);
        }
        HarnessArgs harness = HarnessArgs.of(args);
        String agent = harness.agent();
        int rounds = harness.rounds();
        String source = args.length > 4 ? args[4] : "log";
        if (!source.equals("log") && !source.equals("jfr")) {
            System.err.println("the compilations come from 'log' (HotSpot's LogCompilation) or 'jfr', not '" + source + "'");
            System.exit(2);
        }
        boolean fromJfr = source.equals("jfr");
        Path scratch = Scratch.directory("memdiag-jit");
        Path settings = scratch.resolve("compilations.jfc");
        Files.writeString(settings, COMPILATIONS_ONLY, StandardCharsets.UTF_8);
        Map<String, Map<String, List<List<Compilation>>>> recorded = new LinkedHashMap<>();
        Map<String, List<Double>> noAgentCpu = new HashMap<>();
        List<ThirdPartyWorkload> workloads = harness.workloads(scratch, ThirdPartyWorkload.Size.FULL);
        for (int round = 1; round <= rounds; round++) {
            for (ThirdPartyWorkload w : workloads) {
                // every other round the agent goes first, so neither mode always follows the other
                List<String> order = round % 2 == 1 ? List.of(NO_AGENT, MEMDIAG) : List.of(MEMDIAG, NO_AGENT);
                for (String mode : order) {
                    Path record = scratch.resolve(w.name() + "-" + round + "-" + (mode.equals(MEMDIAG) ? "memdiag" : "none") + "." + source);
                    List<String> options = new ArrayList<>();
                    if (mode.equals(MEMDIAG)) {
                        options.add("-javaagent:" + agent + "=report.dir=" + scratch.resolve("reports"));
                    }
                    if (fromJfr) {
                        options.add("-XX:StartFlightRecording=settings=" + settings + ",filename=" + record);
                    } else {
                        options.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+LogCompilation", "-XX:LogFile=" + record));
                    }
                    ThirdPartyOverhead.Result r = ThirdPartyOverhead.run(w, options, scratch);
                    List<Compilation> compilations = fromJfr ? readRecording(record) : readCompilationLog(record);
                    Files.delete(record);
                    recorded.computeIfAbsent(w.name(), k -> new LinkedHashMap<>()).computeIfAbsent(mode, k -> new ArrayList<>()).add(compilations);
                    if (mode.equals(NO_AGENT)) {
                        noAgentCpu.computeIfAbsent(w.name(), k -> new ArrayList<>()).add(r.cpuS());
                    }
                    System.err.printf("round %d %s / %s: cpu %.2f s, jit threads %.2f s, %d compilations taking %.2f s%n", round, w.name(), mode,
                            r.cpuS(), r.jitS(), compilations.size(), seconds(compilations));
                }
            }
        }
        System.out.printf("%nmachine: %d CPUs, java %s (%s), heap %s, %d rounds, compilations from %s in both modes%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
                String.join(" ", ThirdPartyOverhead.HEAP), rounds, fromJfr ? "a JFR recording of them only" : "-XX:+LogCompilation");
        recorded.forEach((name, byMode) -> print(name, byMode.get(NO_AGENT), byMode.get(MEMDIAG), Medians.ofDoubles(noAgentCpu.get(name))));
    }

    /**
     * The compilations in a {@code -XX:+LogCompilation} file: each compiler thread's tasks one
     * after another, a {@code <task ...>} element (the method, and a {@code stamp} in seconds
     * since the JVM started) closed by {@code <task_done ... stamp=...>}.
     */
    static List<Compilation> readCompilationLog(Path log) throws IOException {
        List<Compilation> all = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            String method = null;
            String level = null;
            double started = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("<task ")) {
                    method = attribute(line, "method");
                    level = attribute(line, "level");
                    String stamp = attribute(line, "stamp");
                    started = stamp == null ? Double.NaN : Double.parseDouble(stamp);
                } else if (line.startsWith("<task_done") && method != null) {
                    String stamp = attribute(line, "stamp");
                    if (stamp != null && !Double.isNaN(started)) {
                        String[] parts = unescape(method).split(" ", 2); // "java.lang.String hashCode ()I"
                        String type = withoutSpunNumbers(parts[0]).replace('/', '.');
                        String compiler = level != null && !level.equals("4") ? "c1" : "c2"; // tiers 1-3 are C1's
                        all.add(new Compilation(type, parts.length > 1 ? parts[1].replace(" ", "") : "", compiler,
                                Math.round((Double.parseDouble(stamp) - started) * 1e9)));
                    }
                    method = null;
                }
            }
        }
        return all;
    }

    static String attribute(String element, String name) {
        String prefix = " " + name + "='";
        int start = element.indexOf(prefix);
        if (start < 0) {
            return null;
        }
        int end = element.indexOf('\'', start + prefix.length());
        return end < 0 ? null : element.substring(start + prefix.length(), end);
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    static List<Compilation> readRecording(Path jfr) throws IOException {
        List<Compilation> all = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.Compilation")) {
                continue;
            }
            RecordedMethod m = e.getValue("method");
            String compiler = e.hasField("compiler") ? e.getString("compiler") : "?";
            all.add(new Compilation(withoutSpunNumbers(m.getType().getName()), m.getName() + m.getDescriptor(), compiler, e.getDuration().toNanos()));
        }
        return all;
    }

    /**
     * Methods compiled in at least half of the runs with the agent and in no run without it: what
     * compiling the agent brings about. A method compiled in some runs of both is left out, on the
     * side of the JIT's own variety.
     */
    static Set<String> onlyWithAgent(List<List<Compilation>> none, List<List<Compilation>> withAgent) {
        Set<String> seenWithout = new HashSet<>();
        none.forEach(run -> run.forEach(c -> seenWithout.add(c.key())));
        Map<String, Integer> runsWith = new HashMap<>();
        for (List<Compilation> run : withAgent) {
            run.stream().map(Compilation::key).distinct().forEach(k -> runsWith.merge(k, 1, Integer::sum));
        }
        int half = (withAgent.size() + 1) / 2;
        return runsWith.entrySet().stream().filter(e -> e.getValue() >= half && !seenWithout.contains(e.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static void print(String workload, List<List<Compilation>> none, List<List<Compilation>> withAgent, double noAgentCpuS) {
        Set<String> extra = onlyWithAgent(none, withAgent);
        List<Double> own = new ArrayList<>();
        List<Double> extraS = new ArrayList<>();
        List<Double> ownCount = new ArrayList<>();
        Map<String, Double> extraByPackage = new TreeMap<>();
        for (List<Compilation> run : withAgent) {
            own.add(seconds(run.stream().filter(Compilation::agentCode).toList()));
            ownCount.add((double) run.stream().filter(Compilation::agentCode).count());
            List<Compilation> brought = run.stream().filter(c -> !c.agentCode() && extra.contains(c.key())).toList();
            extraS.add(seconds(brought));
            brought.forEach(c -> extraByPackage.merge(c.packageName(), c.nanos() / 1e9 / withAgent.size(), Double::sum));
        }
        List<Double> totalNone = none.stream().map(JitAttribution::seconds).toList();
        List<Double> totalWith = withAgent.stream().map(JitAttribution::seconds).toList();
        double attributable = Medians.ofDoubles(own) + Medians.ofDoubles(extraS);
        System.out.printf("%n%s: compilation time per run, median (range): no agent %.2f s (%.2f–%.2f), memdiag %.2f s (%.2f–%.2f)%n", workload,
                Medians.ofDoubles(totalNone), min(totalNone), max(totalNone), Medians.ofDoubles(totalWith), min(totalWith), max(totalWith));
        System.out.printf("  the agent's own code: %.0f compilations, %.0f ms per run (median)%n", Medians.ofDoubles(ownCount),
                Medians.ofDoubles(own) * 1000);
        String top = extraByPackage.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue() * 1000)).collect(Collectors.joining(", "));
        System.out.printf("  other methods compiled only with the agent: %d, %.0f ms per run (median)%s%n", extra.size(),
                Medians.ofDoubles(extraS) * 1000, top.isEmpty() ? "" : ": " + top);
        System.out.printf("  attributable to the agent: %.0f ms per run, %.2f %% of the run's CPU without it (%.2f s)%n", attributable * 1000,
                attributable / noAgentCpuS * 100, noAgentCpuS);
    }

    static double seconds(List<Compilation> compilations) {
        long nanos = 0;
        for (Compilation c : compilations) {
            nanos += c.nanos();
        }
        return nanos / 1e9;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
