package io.memdiag.samples.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost resource tracking adds to one open+close pair: runs {@link OpenCloseLoop} in child
 * JVMs without the agent, with the agent at defaults, with deeper stacks, and with resource
 * tracking off, alternating mode by mode, and prints the median ns per pair of each.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.OpenCloseCost
 * agent/target/memdiag-agent.jar [rounds, default 5] [pairs per run, default 200000]
 */
public final class OpenCloseCost {

    private OpenCloseCost() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String pairs = args.length > 2 ? args[2] : "200000";
        String reports = Scratch.directory("memdiag-open-close").toString();
        Map<String, String> modes = new LinkedHashMap<>();
        modes.put("no agent", null);
        modes.put("memdiag defaults", agent + "=report.dir=" + reports);
        modes.put("memdiag, stack depth 64", agent + "=report.dir=" + reports + ",resources.stack.depth=64");
        modes.put("memdiag, resources=off", agent + "=report.dir=" + reports + ",resources=off");
        Map<String, List<Long>> results = new LinkedHashMap<>();
        modes.keySet().forEach(m -> results.put(m, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, String> mode : modes.entrySet()) {
                results.get(mode.getKey()).add(run(mode.getValue(), pairs));
            }
        }
        long base = Medians.of(results.get("no agent"));
        System.out.printf("java %s, %d rounds, %s open+close pairs of FileInputStream per run%n",
                System.getProperty("java.version"), rounds, pairs);
        for (Map.Entry<String, List<Long>> e : results.entrySet()) {
            long m = Medians.of(e.getValue());
            System.out.printf("%-26s %6d ns/pair  (+%d ns)%n", e.getKey(), m, m - base);
        }
    }

    private static long run(String agent, String pairs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JdkTool.path("java"), "-Xmx256m"));
        if (agent != null) {
            cmd.add("-javaagent:" + agent);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenCloseLoop.class.getName(), pairs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("run failed: " + cmd + "\n" + out);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("ns-per-pair ")) {
                return Long.parseLong(line.split(" ")[1].trim());
            }
        }
        throw new IllegalStateException("no result: " + out);
    }
}
