package io.memdiag.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-block ratios of several saved {@link SteadyStateAB} outputs, pooled by JDK, agent
 * setting and workload, with the median's interval over all of them: one run of ten blocks
 * rarely resolves 3 % on this machine, and a session's runs are saved so that later ones can
 * add to them ({@code src/site/resources/steady-state/}).
 *
 * <p>A run from before the twentieth session timed its first block right after the JVM's first
 * attach, which carried that attach's one-time recompilation (all compiled code, before JDK 23);
 * its first block is left out. Later runs make that attach untimed before their first block
 * ({@link SteadyStateAB#FIRST_ATTACH_MS}) and keep every block.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.SteadyStateAB pool FILE...
 */
final class SteadyStatePool {

    private SteadyStatePool() {
    }

    static void print(List<String> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String f : files) {
            lines.addAll(Files.readAllLines(Path.of(f), StandardCharsets.UTF_8));
        }
        System.out.printf("%-60s %-8s %7s %30s %14s%n", "JDK; what the \"memdiag\" phases had", "workload", "blocks",
                "median (95 % interval)", "within 3 % | vs JFR");
        for (Map.Entry<String, List<Double>> e : blocks(lines).entrySet()) {
            MedianInterval m = MedianInterval.of(e.getValue());
            String[] key = e.getKey().split("\t");
            System.out.printf(Locale.ROOT, "%-60s %-8s %7d %30s %14s%n", key[0], key[1], e.getValue().size(),
                    m.text(),
                    SteadyStateAB.budget(key[0].contains(SteadyStateAB.AGAINST_JFR), m));
        }
    }

    /**
     * The block ratios in {@code lines}, keyed by "JDK feature release; setting" and workload,
     * tab-separated: a header line ("java 17.0.15; memdiag at its defaults, ...") sets the first
     * two, a workload's result line its name, and its "per block: [...]" line gives the ratios
     * (without the first where the header has no untimed first attach); lines starting with '#'
     * are notes.
     */
    static Map<String, List<Double>> blocks(List<String> lines) {
        Map<String, List<Double>> pooled = new LinkedHashMap<>();
        String run = "?";
        String workload = "?";
        boolean firstBlockTimedAfterFirstAttach = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (line.startsWith("#")) {
                continue; // a note on where the run came from
            }
            if (line.startsWith("java ")) {
                String[] parts = line.split("; ");
                String version = parts[0].substring("java ".length());
                int dot = version.indexOf('.');
                run = "JDK " + (dot < 0 ? version : version.substring(0, dot)) + "; " + (parts.length > 1 ? parts[1] : "?");
                firstBlockTimedAfterFirstAttach = !line.contains(SteadyStateAB.FIRST_ATTACH_UNTIMED);
            } else if (trimmed.startsWith("per block: [")) {
                String list = trimmed.substring("per block: [".length(), trimmed.lastIndexOf(']'));
                String[] blocks = list.split(",");
                for (int b = firstBlockTimedAfterFirstAttach ? 1 : 0; b < blocks.length; b++) {
                    pooled.computeIfAbsent(run + "\t" + workload, k -> new ArrayList<>()).add(Double.parseDouble(blocks[b].trim()));
                }
            } else if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("workload ")) {
                workload = line.split("\\s+")[0];
            }
        }
        return pooled;
    }
}
