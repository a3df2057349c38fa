package io.memdiag.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link ThirdPartyOverhead}'s runs as lines of a text file, one per run, tab-separated, and the
 * rounds of several such files pooled.
 *
 * <p>A line: batch (the harness's start, so two runs appending to one file stay apart), java
 * version, workload, mode, round, then the {@link ThirdPartyOverhead.Result} fields. Pooling
 * keeps only complete rounds (every mode of the batch ran), and only the modes every batch ran,
 * so that round i of each mode still ran next to round i of "no agent", which the per-round
 * ratios need.
 */
final class RunRecords {

    static final String HEADER = "# batch\tjava\tworkload\tmode\tround\twall_s\tsteady_s\tcpu_s\tpeak_rss_kb\tjit_s\tgc_s\tagent_s\tharness_s\tbefore_main_s";

    /** This harness's batch: when it started. */
    private static final String BATCH = Long.toString(ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
            .orElse(System.currentTimeMillis()));

    private RunRecords() {
    }

    static void append(Path file, String java, String workload, String mode, int round, ThirdPartyOverhead.Result r) throws IOException {
        StringBuilder line = new StringBuilder();
        if (!Files.exists(file)) {
            line.append(HEADER).append('\n');
        }
        line.append(String.join("\t", BATCH, java, workload, mode, Integer.toString(round)));
        line.append(String.format(Locale.ROOT, "\t%.3f\t%.3f\t%.3f\t%d", r.wallS(), r.steadyS(), r.cpuS(), r.peakRssKb()));
        for (double v : new double[] {r.jitS(), r.gcS(), r.agentS(), r.harnessS(), r.beforeMainS()}) {
            line.append('\t').append(String.format(Locale.ROOT, "%.3f", v));
        }
        Files.writeString(file, line.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** java version → workload → mode → results, round i of every mode from the same round. */
    static Map<String, Map<String, Map<String, List<ThirdPartyOverhead.Result>>>> pool(List<Path> files) throws IOException {
        // java → workload → batch and round → mode → result, in the order read
        Map<String, Map<String, Map<String, Map<String, ThirdPartyOverhead.Result>>>> rounds = new LinkedHashMap<>();
        // java → workload → batch → the modes the batch ran
        Map<String, Map<String, Map<String, Set<String>>>> modes = new LinkedHashMap<>();
        for (Path file : files) {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 14) {
                    throw new IllegalArgumentException(file + ":" + number + ": expected 14 tab-separated fields, found " + f.length);
                }
                ThirdPartyOverhead.Result r = new ThirdPartyOverhead.Result(d(f[5]), d(f[6]), d(f[7]), Math.round(d(f[8])), d(f[9]),
                        d(f[10]), d(f[11]), d(f[12]), d(f[13]));
                String batch = file + "#" + f[0];
                rounds.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).computeIfAbsent(f[2], k -> new LinkedHashMap<>())
                        .computeIfAbsent(batch + "#" + f[4], k -> new LinkedHashMap<>()).put(f[3], r);
                modes.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).computeIfAbsent(f[2], k -> new LinkedHashMap<>())
                        .computeIfAbsent(batch, k -> new LinkedHashSet<>()).add(f[3]);
            }
        }
        Map<String, Map<String, Map<String, List<ThirdPartyOverhead.Result>>>> pooled = new LinkedHashMap<>();
        rounds.forEach((java, byWorkload) -> byWorkload.forEach((workload, byRound) -> {
            Map<String, Set<String>> batches = modes.get(java).get(workload);
            Set<String> common = null;
            for (Set<String> ran : batches.values()) {
                if (common == null) {
                    common = new LinkedHashSet<>(canonicalOrder(ran));
                } else {
                    common.retainAll(ran);
                }
            }
            Map<String, List<ThirdPartyOverhead.Result>> byMode = new LinkedHashMap<>();
            for (String mode : common) {
                byMode.put(mode, new ArrayList<>());
            }
            byRound.forEach((batchRound, byModeInRound) -> {
                String batch = batchRound.substring(0, batchRound.lastIndexOf('#'));
                if (byModeInRound.keySet().containsAll(batches.get(batch))) {
                    byMode.forEach((mode, list) -> list.add(byModeInRound.get(mode)));
                }
            });
            if (!byMode.containsKey("no agent") || byMode.get("no agent").isEmpty()) {
                throw new IllegalArgumentException("java " + java + ", " + workload + ": no complete round with \"no agent\" to pool");
            }
            pooled.computeIfAbsent(java, k -> new LinkedHashMap<>()).put(workload, byMode);
        }));
        return pooled;
    }

    /** The modes in the order {@link ThirdPartyOverhead#modes} lists them, whatever order a rotated round ran them in. */
    private static List<String> canonicalOrder(Set<String> ran) {
        List<String> order = new ArrayList<>();
        for (String mode : ThirdPartyOverhead.modes("agent.jar", Path.of("reports"), Path.of("scratch")).keySet()) {
            if (ran.contains(mode)) {
                order.add(mode);
            }
        }
        return order;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
