package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How much compiler memory the JIT needs for the agent's code, against the program's own: the
 * C library keeps what a compiler thread's arena once held, so a compilation larger than any the
 * program needs raises the process's RSS for good (see performance.md, "the agent's own memory").
 * Code the agent runs once a sample or once a report reaches C2's thresholds only after minutes
 * or an hour; this runs {@code HealthyService} twice side by side, without and with memdiag
 * sampling and reporting twenty times as often as its defaults ({@code sample.interval=50ms,
 * report.interval=3s}), so a few minutes here stand for an hour at the defaults, each with
 * HotSpot's compilation memory statistics ({@code -XX:CompileCommand=MemStat}, JDK 22 and later;
 * 21 from 21.0.2), and prints each process's largest compilations and the agent's largest.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.CompilerMemory
 * agent/target/memdiag-agent.jar [minutes, default 4] [compilations listed per process, default 12]
 */
public final class CompilerMemory {

    /** Classes whose compilations are the agent's own code (the engine, the agent, the bootstrap bridge). */
    private static final List<String> AGENT_CODE = List.of("io/memdiag/core/", "io/memdiag/agent/", "io/memdiag/bootstrap/");

    /** One line of {@code jcmd Compiler.memory}: compiler, bytes of compiler memory, method. */
    record Compilation(String compiler, long bytes, String method) {

        boolean agentCode() {
            return AGENT_CODE.stream().anyMatch(method::startsWith);
        }

        @Override
        public String toString() {
            return String.format("%s %6.1f MB %s", compiler, bytes / 1048576.0, method.replaceAll("\\(\\(.*", ""));
        }
    }

    private CompilerMemory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CompilerMemory <memdiag-agent.jar> [minutes] [listed]");
            System.exit(2);
        }
        String agent = new File(args[0]).getAbsolutePath();
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int listed = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        String reports = Scratch.directory("memdiag-compiler-memory").toString();
        List<String> program = List.of("-cp", System.getProperty("java.class.path"), "io.memdiag.samples.HealthyService",
                String.valueOf(minutes * 60 + 120));
        Process without = start(null, program);
        Process with = start("-javaagent:" + agent + "=report.dir=" + reports + ",sample.interval=50ms,report.interval=3s", program);
        try {
            Thread.sleep(minutes * 60_000L);
            List<Compilation> none = compilations(without.pid());
            List<Compilation> memdiag = compilations(with.pid());
            System.out.printf("java %s, HealthyService -Xmx256m for %d minutes, without and with memdiag sampling and reporting 20x its defaults%n",
                    System.getProperty("java.version"), minutes);
            print("without the agent", none, listed);
            print("with memdiag", memdiag, listed);
            Compilation hostLargestC2 = none.stream().filter(c -> c.compiler.equals("c2")).findFirst().orElse(null);
            List<Compilation> agentCode = memdiag.stream().filter(Compilation::agentCode).toList();
            System.out.printf("%nlargest C2 compilation without the agent: %s%n", hostLargestC2);
            System.out.printf("largest compilation of the agent's code:  %s%n", agentCode.isEmpty() ? "none" : agentCode.get(0));
            if (hostLargestC2 != null) {
                System.out.printf("compilations of the agent's code larger than that: %d%n",
                        agentCode.stream().filter(c -> c.bytes > hostLargestC2.bytes).count());
            }
        } finally {
            without.destroy();
            with.destroy();
            without.waitFor(10, TimeUnit.SECONDS);
            with.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void print(String title, List<Compilation> compilations, int listed) {
        System.out.printf("%n%s: the largest compilations of the %d the JVM lists (* = the agent's code)%n", title, compilations.size());
        compilations.stream().limit(listed).forEach(c -> System.out.println((c.agentCode() ? " * " : "   ") + c));
    }

    private static Process start(String agentFlag, List<String> program) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JdkTool.path("java"), "-Xmx256m", "-XX:CompileCommand=quiet", "-XX:CompileCommand=MemStat,*.*,collect"));
        if (agentFlag != null) {
            cmd.add(agentFlag);
        }
        cmd.addAll(program);
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Every compilation the JVM recorded, largest first; exits with a note where the JVM keeps no such statistics. */
    static List<Compilation> compilations(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(JdkTool.path("jcmd"), String.valueOf(pid), "Compiler.memory").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        if (!out.contains("Compiler Memory Statistic")) {
            System.err.println("this JVM keeps no compilation memory statistics (JDK 22 and later have them; jcmd said: "
                    + out.strip().lines().reduce((a, b) -> b).orElse("") + ")");
            System.exit(2);
        }
        return parse(out);
    }

    /** The table's rows: "c2  2767384  1314704 ... java/math/BigInteger::subtract(([I[I)[I)". */
    static List<Compilation> parse(String table) {
        List<Compilation> result = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 3 && (cols[0].equals("c1") || cols[0].equals("c2")) && cols[1].matches("\\d+")) {
                result.add(new Compilation(cols[0], Long.parseLong(cols[1]), cols[cols.length - 1]));
            }
        }
        result.sort(Comparator.comparingLong(Compilation::bytes).reversed());
        return result;
    }
}
