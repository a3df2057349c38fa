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
 * and with memdiag at its defaults, and prints once a minute each process's RSS and its live
 * heap (used after a full GC, {@code jcmd GC.run} then {@code GC.heap_info}), and the
 * difference: what memdiag adds, which must stay flat rather than grow with time.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.Footprint
 * agent/target/memdiag-agent.jar [minutes, default 10]
 */
public final class Footprint {

    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap.*?used (\\d+)K");

    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String bin = System.getProperty("java.home") + File.separator + "bin" + File.separator;
        Path reports = Files.createTempDirectory("memdiag-footprint");
        Process without = start(bin, null, minutes);
        Process with = start(bin, "-javaagent:" + agent + "=report.dir=" + reports, minutes);
        try {
            System.out.printf("java %s, HealthyService -Xmx256m, without and with memdiag (defaults), side by side%n",
                    System.getProperty("java.version"));
            System.out.printf("%6s %12s %12s %10s %16s %16s %10s%n", "minute", "RSS none MB", "RSS memdiag", "added",
                    "live heap none", "live memdiag", "added");
            for (int minute = 1; minute <= minutes; minute++) {
                Thread.sleep(60_000);
                long rssNone = AttachCost.status(without.pid(), "VmRSS:");
                long rssWith = AttachCost.status(with.pid(), "VmRSS:");
                long liveNone = liveHeapKb(bin, without.pid());
                long liveWith = liveHeapKb(bin, with.pid());
                System.out.printf("%6d %12.1f %12.1f %10.1f %16.1f %16.1f %10.1f%n", minute, rssNone / 1024.0, rssWith / 1024.0,
                        (rssWith - rssNone) / 1024.0, liveNone / 1024.0, liveWith / 1024.0, (liveWith - liveNone) / 1024.0);
            }
        } finally {
            without.destroy();
            with.destroy();
            without.waitFor(10, TimeUnit.SECONDS);
            with.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process start(String bin, String agentFlag, int minutes) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin + "java", "-Xmx256m"));
        if (agentFlag != null) {
            cmd.add(agentFlag);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.memdiag.samples.HealthyService",
                String.valueOf(minutes * 60 + 120)));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Heap in use right after a full collection, in KB: the live set. */
    private static long liveHeapKb(String bin, long pid) throws IOException, InterruptedException {
        jcmd(bin, pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(bin, pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(String bin, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bin + "jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
