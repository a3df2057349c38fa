package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory the agent itself adds, over time: runs {@code io.memdiag.samples.HealthyService}
 * (a busy service: cache, request garbage, short-lived threads) twice side by side, without
 * and with memdiag at its defaults, and prints once a minute each process's RSS, its committed
 * heap and live heap (after a full GC: {@code jcmd GC.class_histogram}'s total), and the
 * anonymous RSS outside the heap (RssAnon less the heap's resident pages), with the
 * differences: what memdiag adds, which must stay flat rather than grow with time. Committed
 * heap is shown apart because G1 sizes it by its own heuristics, which a few MB of agent
 * allocation at start can tip either way.
 *
 * <p>HealthyService is small: its own largest JIT compilation needs about 3 MB of compiler
 * memory, less than the agent's code does, so what the C library keeps after compilations
 * shows as the agent's. The {@code ecj} workload (the Eclipse compiler compiling Commons Lang
 * over and over, as {@link ThirdPartyOverhead} runs it) is a program of ordinary size, whose own
 * compilations need tens of MB.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.Footprint
 * agent/target/memdiag-agent.jar[=agent options] [minutes, default 10] [JVM options for both processes, space-separated]
 * [healthy (default) | ecj] [workloads folder, default samples/target/workloads]
 *
 * <p>With {@code -Dfootprint.snapshots=<folder>} it also keeps, each minute, both processes'
 * {@code /proc/<pid>/smaps} and the C library's per-arena figures ({@link #snapshot}).
 */
public final class Footprint {

    /** Committed heap: JDK 17 prints "total 262144K, used ...", JDK 25 "total reserved ..., committed 262144K, used ...". */
    private static final Pattern COMMITTED = Pattern.compile("garbage-first heap\\s+total (?:reserved \\d+K, committed )?(\\d+)K");

    /** The heap's address range on the same line: "[0x00000000f0000000, 0x0000000100000000)". */
    private static final Pattern HEAP_RANGE = Pattern.compile("garbage-first heap.*\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)");

    /** A mapping's first line in smaps: "7f3a2c000000-7f3a2c021000 rw-p ...". */
    private static final Pattern MAPPING = Pattern.compile("([0-9a-f]+)-([0-9a-f]+) ");

    /** The histogram's last line: "Total  &lt;instances&gt;  &lt;bytes&gt;". */
    private static final Pattern LIVE_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        // "memdiag-agent.jar=threads=off,resources=off": options for the agent, before the report folder
        int options = args[0].indexOf(".jar=");
        String agent = new File(options < 0 ? args[0] : args[0].substring(0, options + 4)).getAbsolutePath()
                + (options < 0 ? "=" : args[0].substring(options + 4) + ",");
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<String> jvmOptions = args.length > 2 && !args[2].isBlank() ? List.of(args[2].trim().split("\\s+")) : List.of();
        Path reports = Scratch.directory("memdiag-footprint");
        List<String> program = program(args.length > 3 ? args[3] : "healthy",
                Path.of(args.length > 4 ? args[4] : "samples/target/workloads"), minutes);
        // where RSS steps up, which mapping grew: -Dfootprint.snapshots=<folder> keeps each minute's
        // smaps and the C library's per-arena figures of both processes
        String snapshotFolder = System.getProperty("footprint.snapshots");
        Path snapshots = snapshotFolder == null ? null : Files.createDirectories(Path.of(snapshotFolder));
        Process without = start(jvmOptions, null, program);
        Process with = start(jvmOptions, "-javaagent:" + agent + "report.dir=" + reports, program);
        try {
            System.out.printf("java %s, %s -Xmx256m %s, without and with memdiag (%s), side by side%n",
                    System.getProperty("java.version"), program.get(2), String.join(" ", jvmOptions),
                    options < 0 ? "defaults" : args[0].substring(options + 5));
            System.out.println("MB; heap = committed heap; outside heap = anonymous RSS (RssAnon) - the heap's resident pages (smaps); live heap = the class histogram's total after its full GC");
            System.out.printf("%6s | %8s %8s %8s | %9s %9s | %8s %8s %8s | %8s %8s %8s%n", "minute", "RSS none", "memdiag", "added",
                    "heap none", "memdiag", "out none", "memdiag", "added", "live none", "memdiag", "added");
            for (int minute = 1; minute <= minutes; minute++) {
                Thread.sleep(60_000);
                long[] heapNone = heapAfterFullGcKb(without.pid());
                long[] heapWith = heapAfterFullGcKb(with.pid());
                long rssNone = AttachCost.status(without.pid(), "VmRSS:"); // after the full GC, as the heap figures
                long rssWith = AttachCost.status(with.pid(), "VmRSS:");
                // anonymous memory only: mapped files (the JDK's modules image, jars, libjvm) are the
                // page cache's, and how much of them a process touched varies with what it loads
                long outNone = AttachCost.status(without.pid(), "RssAnon:") - heapNone[2];
                long outWith = AttachCost.status(with.pid(), "RssAnon:") - heapWith[2];
                System.out.printf("%6d | %8.1f %8.1f %8.1f | %9.1f %9.1f | %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f%n", minute,
                        mb(rssNone), mb(rssWith), mb(rssWith - rssNone), mb(heapNone[0]), mb(heapWith[0]),
                        mb(outNone), mb(outWith), mb(outWith - outNone), mb(heapNone[1]), mb(heapWith[1]), mb(heapWith[1] - heapNone[1]));
                if (snapshots != null) {
                    snapshot(without.pid(), snapshots.resolve(String.format("%03d-none", minute)));
                    snapshot(with.pid(), snapshots.resolve(String.format("%03d-memdiag", minute)));
                }
            }
        } finally {
            without.destroy();
            with.destroy();
            without.waitFor(10, TimeUnit.SECONDS);
            with.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** "-cp", class path, main class, arguments: a program that keeps busy for longer than the measurement. */
    private static List<String> program(String name, Path workloads, int minutes) throws IOException {
        int seconds = minutes * 60 + 120;
        if (name.equals("healthy")) {
            return List.of("-cp", System.getProperty("java.class.path"), "io.memdiag.samples.HealthyService", String.valueOf(seconds));
        }
        if (!name.equals("ecj")) {
            throw new IllegalArgumentException("unknown workload " + name + ": healthy or ecj");
        }
        // a repetition takes 0.6-0.8 s once warm: twice as many as seconds outlast the measurement
        ThirdPartyWorkload ecj = ThirdPartyWorkload.ecj(workloads, Scratch.directory("memdiag-footprint-ecj"), 2 * seconds);
        List<String> cmd = new ArrayList<>(List.of("-cp", String.join(File.pathSeparator, ecj.classPath()), ecj.mainClass()));
        cmd.addAll(ecj.args());
        return cmd;
    }

    private static Process start(List<String> jvmOptions, String agentFlag, List<String> program) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JdkTool.path("java"), "-Xmx256m"));
        cmd.addAll(jvmOptions);
        if (agentFlag != null) {
            cmd.add(agentFlag);
        }
        cmd.addAll(program);
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static double mb(long kb) {
        return kb / 1024.0;
    }

    /**
     * Committed heap, the live set (the class histogram's total, counted right after the full
     * collection it starts) and the heap's resident pages, in KB; -1 each when unknown. Not
     * "used" from GC.heap_info after a GC.run: in the half second between the two commands
     * HealthyService allocates tens of MB. Resident rather than committed is what RSS holds of
     * the heap: G1 commits regions a program like ECJ has not touched since the last shrink.
     */
    private static long[] heapAfterFullGcKb(long pid) throws IOException, InterruptedException {
        Matcher total = LIVE_TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = COMMITTED.matcher(info);
        Matcher range = HEAP_RANGE.matcher(info);
        long resident = range.find() ? residentKb(pid, Long.parseUnsignedLong(range.group(1), 16), Long.parseUnsignedLong(range.group(2), 16)) : -1;
        return new long[] {m.find() ? Long.parseLong(m.group(1)) : -1, total.find() ? Long.parseLong(total.group(1)) / 1024 : -1, resident};
    }

    /** Resident KB of the mappings inside [start, end): the Rss lines of /proc/pid/smaps. */
    static long residentKb(long pid, long start, long end) throws IOException {
        long kb = 0;
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            Matcher vma = MAPPING.matcher(line);
            if (vma.lookingAt()) {
                long from = Long.parseUnsignedLong(vma.group(1), 16);
                long to = Long.parseUnsignedLong(vma.group(2), 16);
                inside = Long.compareUnsigned(from, start) >= 0 && Long.compareUnsigned(to, end) <= 0;
            } else if (inside && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.substring(4).replace("kB", "").trim());
            }
        }
        return kb;
    }

    /**
     * {@code <prefix>.smaps} (/proc/pid/smaps: which mapping grew) and {@code <prefix>.malloc.xml}
     * ({@code jcmd System.native_heap_info}: glibc's malloc_info, mapped and free bytes per arena;
     * JDK 21 and later, where an older JDK's jcmd says it does not know the command).
     */
    private static void snapshot(long pid, Path prefix) throws IOException, InterruptedException {
        Files.copy(Path.of("/proc/" + pid + "/smaps"), Path.of(prefix + ".smaps"));
        String mallocInfo;
        try {
            mallocInfo = jcmd(pid, "System.native_heap_info");
        } catch (IllegalStateException refused) {
            mallocInfo = refused.getMessage(); // an older JDK: its refusal is what the snapshot records
        }
        Files.writeString(Path.of(prefix + ".malloc.xml"), mallocInfo);
    }

    /** What jcmd printed; throws with that text when it failed, so a broken run is not a row of -1s. */
    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        return AttachCost.succeeded(List.of(JdkTool.path("jcmd"), String.valueOf(pid), command));
    }
}
