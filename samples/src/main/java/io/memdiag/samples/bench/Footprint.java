package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory the agent itself adds, over time: runs {@code io.memdiag.samples.HealthyService}
 * (a busy service: cache, request garbage, short-lived threads) twice side by side, without
 * and with memdiag at its defaults, and prints once a minute each process's RSS, its committed
 * heap and live heap (after a full GC: {@code jcmd GC.class_histogram}'s total), and RSS
 * outside the heap, with the differences: what memdiag adds, which must stay flat rather than
 * grow with time. Committed heap is shown apart because G1 sizes it by its own heuristics,
 * which a few MB of agent allocation at start can tip either way.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.Footprint
 * agent/target/memdiag-agent.jar [minutes, default 10] [JVM options for both processes, space-separated]
 */
public final class Footprint {

    /** Committed heap: JDK 17 prints "total 262144K, used ...", JDK 25 "total reserved ..., committed 262144K, used ...". */
    private static final Pattern COMMITTED = Pattern.compile("garbage-first heap\\s+total (?:reserved \\d+K, committed )?(\\d+)K");

    /** The histogram's last line: "Total  &lt;instances&gt;  &lt;bytes&gt;". */
    private static final Pattern LIVE_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<String> jvmOptions = args.length > 2 && !args[2].isBlank() ? List.of(args[2].trim().split("\\s+")) : List.of();
        String bin = System.getProperty("java.home") + File.separator + "bin" + File.separator;
        Path reports = Scratch.directory("memdiag-footprint");
        Process without = start(bin, jvmOptions, null, minutes);
        Process with = start(bin, jvmOptions, "-javaagent:" + agent + "=report.dir=" + reports, minutes);
        try {
            System.out.printf("java %s, HealthyService -Xmx256m %s, without and with memdiag (defaults), side by side%n",
                    System.getProperty("java.version"), String.join(" ", jvmOptions));
            System.out.println("MB; outside heap = RSS - committed heap; live heap = the class histogram's total after its full GC");
            System.out.printf("%6s | %8s %8s %8s | %9s %9s | %8s %8s %8s | %8s %8s %8s%n", "minute", "RSS none", "memdiag", "added",
                    "heap none", "memdiag", "out none", "memdiag", "added", "live none", "memdiag", "added");
            for (int minute = 1; minute <= minutes; minute++) {
                Thread.sleep(60_000);
                long[] heapNone = heapAfterFullGcKb(bin, without.pid());
                long[] heapWith = heapAfterFullGcKb(bin, with.pid());
                long rssNone = AttachCost.status(without.pid(), "VmRSS:"); // after the full GC, as the heap figures
                long rssWith = AttachCost.status(with.pid(), "VmRSS:");
                long outNone = rssNone - heapNone[0];
                long outWith = rssWith - heapWith[0];
                System.out.printf("%6d | %8.1f %8.1f %8.1f | %9.1f %9.1f | %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f%n", minute,
                        mb(rssNone), mb(rssWith), mb(rssWith - rssNone), mb(heapNone[0]), mb(heapWith[0]),
                        mb(outNone), mb(outWith), mb(outWith - outNone), mb(heapNone[1]), mb(heapWith[1]), mb(heapWith[1] - heapNone[1]));
            }
        } finally {
            without.destroy();
            with.destroy();
            without.waitFor(10, TimeUnit.SECONDS);
            with.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process start(String bin, List<String> jvmOptions, String agentFlag, int minutes) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin + "java", "-Xmx256m"));
        cmd.addAll(jvmOptions);
        if (agentFlag != null) {
            cmd.add(agentFlag);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.memdiag.samples.HealthyService",
                String.valueOf(minutes * 60 + 120)));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static double mb(long kb) {
        return kb / 1024.0;
    }

    /**
     * Committed heap, and the live set (the class histogram's total, counted right after the full
     * collection it starts), in KB; -1 each when unknown. Not "used" from GC.heap_info after a
     * GC.run: in the half second between the two commands HealthyService allocates tens of MB.
     */
    private static long[] heapAfterFullGcKb(String bin, long pid) throws IOException, InterruptedException {
        Matcher total = LIVE_TOTAL.matcher(jcmd(bin, pid, "GC.class_histogram"));
        Matcher m = COMMITTED.matcher(jcmd(bin, pid, "GC.heap_info"));
        return new long[] {m.find() ? Long.parseLong(m.group(1)) : -1, total.find() ? Long.parseLong(total.group(1)) / 1024 : -1};
    }

    private static String jcmd(String bin, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bin + "jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
