package io.memdiag.core.options;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's options, parsed from the {@code key=value,key=value} string after
 * {@code -javaagent:memdiag-agent.jar=}.
 *
 * <p>Bad input never stops the host and never silently loses the agent: each rejected option
 * becomes one error line naming it, and the agent runs on with that option's default.
 * The full table, with defaults, is {@link #describe()} and src/site/markdown/options.md.
 */
public final class AgentOptions {

    /** An option the agent understands: its key, default (as text) and meaning. */
    public record Option(String key, String defaultValue, String meaning) {
    }

    public static final List<Option> OPTIONS = List.of(
            new Option("report.dir", "the JVM's working directory", "where memdiag-<pid>.log and memdiag-<pid>.jsonl are written"),
            new Option("report.interval", "60s", "how often a report is written (and once more at shutdown)"),
            new Option("sample.interval", "1s", "how often the sampler drains events and reads heap, GC, /proc and cgroup figures"),
            new Option("ring.capacity", "1024, or 4096 with alloc=on", "event slots in the ring buffer (64 bytes each, rounded up to a power of two); events beyond it are dropped and counted"),
            new Option("history.samples", "3600", "sampling intervals the samples kept for analysis span: the last 300 whole, older ones one in ten (GC cycles are kept separately and compacted, never unbounded)"),
            new Option("log.max.size", "10MB", "size at which each report file rolls over; three files of each kind are kept"),
            new Option("resources", "on", "track files, channels and directory streams from open to close (off: no hooks on them)"),
            new Option("resources.max", "65536", "open resources tracked at once; beyond it opens are counted, not tracked"),
            new Option("resources.stack.depth", "8", "frames kept per opening site's stack (captured at most once a second per site)"),
            new Option("resources.walks", "100", "opening sites looked up per second at most (a stack walk each); beyond half of it opens are sampled at random for their site, and the others are tracked under their kind without one"),
            new Option("container.threshold", "90", "CONTAINER_RISK fires when RSS reaches this percentage of the cgroup memory limit (50 to 99)"),
            new Option("threads", "on", "track which code starts threads and how many of them stay alive (THREAD_LEAK)"),
            new Option("resources.track", "(none)", "also track AutoCloseable types in these packages or classes, separated by ';' (e.g. org.h2.jdbc;com.zaxxer.hikari)"),
            new Option("alloc", "off", "sample allocations in application classes: top sites by allocated and live bytes, and HEAP_LEAK's sites (off by default: the hooks keep the JIT from eliminating allocations by escape analysis, which costs 10-50 % on some workloads)"),
            new Option("alloc.rate", "512k", "mean bytes allocated between two samples (each sample stands for about this much); smaller is more detailed and costs more"),
            new Option("alloc.throttle", "150", "samples per second at most; beyond it the effective rate is raised for a while (the weights stay honest)"),
            new Option("alloc.include", "(all application classes)", "instrument only classes in these packages or classes, separated by ';'"),
            new Option("alloc.exclude", "(none)", "never instrument classes in these packages or classes, separated by ';' (the JDK and the agent never are)"),
            new Option("alloc.live.max", "8192", "sampled objects held (weakly) to measure live bytes per site; beyond it the oldest small ones are evicted and counted"),
            new Option("alloc.stack.depth", "8", "frames kept per sampled allocation's stack"),
            new Option("sampler.c2", "off", "off: a compiler directive keeps C2 off the code only the sampler runs (C1 compiles it), since C2's compilations of it needed up to 11 MB of compiler memory each, which the C library keeps; on: leave it to the JVM"));

    /**
     * Options a running agent takes from a second {@code attach}. The others decide what is
     * instrumented, or size tables that exist from the start: they take effect with {@code stop},
     * then {@code attach} with them.
     */
    public static final Set<String> CHANGEABLE_WHILE_RUNNING = Set.of("report.interval", "sample.interval");

    private Path reportDir = Paths.get("").toAbsolutePath();
    private Duration reportInterval = Duration.ofSeconds(60);
    private Duration sampleInterval = Duration.ofSeconds(1);
    /**
     * Unless given: the ring carries sampled allocations (150 a second at most by default) and
     * thread starts between two drains (one a second). With allocation sampling on, 4,096 slots
     * (256 KB) hold them with a wide margin; without it only thread starts pass, which the
     * thread tracker also gets directly (the ring's copy only counts them), and 1,024 slots
     * (64 KB) do. Resource opens and closes do not pass through it.
     */
    private static final int RING_WITH_ALLOCATIONS = 4096;
    private static final int RING_WITHOUT_ALLOCATIONS = 1024;
    private int ringCapacity = -1;
    private int historySamples = 3600;
    private long logMaxSize = 10L * 1024 * 1024;
    private boolean resources = true;
    private int resourcesMax = 65536;
    private int resourcesStackDepth = 8;
    private int resourcesWalks = 100;
    private List<String> resourcesTrack = List.of();
    private boolean threads = true;
    /** Off by default: see io.memdiag.agent.SamplerCompilation for the compiler memory it saves. */
    private boolean samplerC2 = false;
    /**
     * Off by default: a hook that hands each new object to the sampler keeps C2 from
     * scalar-replacing it (escape analysis), which costs allocation-heavy code far more than the
     * hook's nanosecond (src/site/markdown/performance.md). HEAP_LEAK fires from the heap trend
     * without it and says how to turn it on to name the sites.
     */
    private boolean alloc = false;
    private long allocRate = 512 * 1024;
    private int allocThrottle = 150;
    private List<String> allocInclude = List.of();
    private List<String> allocExclude = List.of();
    private int allocLiveMax = 8192;
    private int allocStackDepth = 8;
    private int containerThreshold = 90;
    private final Map<String, String> given = new LinkedHashMap<>();
    private final List<OptionException> errors = new ArrayList<>();

    private AgentOptions() {
    }

    /** Defaults only. */
    public static AgentOptions defaults() {
        return new AgentOptions();
    }

    /**
     * Parses the agent argument string. Never throws: rejected options are in {@link #errors()}.
     *
     * @param args the text after '=' in -javaagent, possibly null or empty
     */
    public static AgentOptions parse(String args) {
        AgentOptions o = new AgentOptions();
        if (args == null || args.isBlank()) {
            return o;
        }
        for (String pair : args.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            try {
                o.set(key, value, eq >= 0);
                o.given.put(key, value);
            } catch (OptionException e) {
                o.errors.add(e);
            }
        }
        return o;
    }

    private void set(String key, String value, boolean hasValue) {
        if (!isKnown(key)) {
            throw new OptionException(key, "unknown option '" + key + "'; known options: " + knownKeys());
        }
        if (!hasValue || value.isEmpty()) {
            throw new OptionException(key, "option '" + key + "' needs a value, e.g. " + key + "=" + defaultOf(key));
        }
        switch (key) {
            case "report.dir":
                try {
                    reportDir = Paths.get(value).toAbsolutePath();
                } catch (RuntimeException e) {
                    throw new OptionException(key, "report.dir '" + value + "' is not a valid path: " + e.getMessage());
                }
                break;
            case "report.interval":
                reportInterval = positiveDuration(key, value, Duration.ofMillis(10));
                break;
            case "sample.interval":
                sampleInterval = positiveDuration(key, value, Duration.ofMillis(10));
                break;
            case "ring.capacity":
                ringCapacity = (int) number(key, value, 16, 1 << 24);
                break;
            case "history.samples":
                historySamples = (int) number(key, value, 10, 1_000_000);
                break;
            case "log.max.size":
                logMaxSize = byteSize(key, value);
                break;
            case "resources":
                resources = onOff(key, value);
                break;
            case "resources.max":
                resourcesMax = (int) number(key, value, 64, 1 << 24);
                break;
            case "resources.stack.depth":
                resourcesStackDepth = (int) number(key, value, 1, 256);
                break;
            case "resources.walks":
                resourcesWalks = (int) number(key, value, 1, 10_000_000);
                break;
            case "resources.track":
                resourcesTrack = prefixes(key, value);
                break;
            case "threads":
                threads = onOff(key, value);
                break;
            case "alloc":
                alloc = onOff(key, value);
                break;
            case "alloc.rate":
                allocRate = byteSize(key, value);
                if (allocRate < 1024 || allocRate > (1L << 30)) {
                    allocRate = 512 * 1024;
                    throw new OptionException(key, "option alloc.rate=" + value + " is out of range 1k..1g");
                }
                break;
            case "alloc.throttle":
                allocThrottle = (int) number(key, value, 1, 100_000);
                break;
            case "alloc.include":
                allocInclude = prefixes(key, value);
                break;
            case "alloc.exclude":
                allocExclude = prefixes(key, value);
                break;
            case "alloc.live.max":
                allocLiveMax = (int) number(key, value, 64, 1 << 22);
                break;
            case "alloc.stack.depth":
                allocStackDepth = (int) number(key, value, 1, 256);
                break;
            case "sampler.c2":
                samplerC2 = onOff(key, value);
                break;
            case "container.threshold":
                containerThreshold = (int) number(key, value, 50, 99);
                break;
            default:
                throw new AssertionError(key);
        }
    }

    private static Duration positiveDuration(String key, String value, Duration min) {
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new OptionException(key, "option " + key + ": " + e.getMessage());
        }
        if (d.compareTo(min) < 0) {
            throw new OptionException(key, "option " + key + "=" + value + " is too short; the minimum is " + Durations.format(min));
        }
        return d;
    }

    private static long number(String key, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new OptionException(key, "option " + key + "=" + value + " is not a whole number");
        }
        if (n < min || n > max) {
            throw new OptionException(key, "option " + key + "=" + value + " is out of range " + min + ".." + max);
        }
        return n;
    }

    private static List<String> prefixes(String key, String value) {
        List<String> result = new ArrayList<>();
        for (String p : value.split(";")) {
            String prefix = p.trim();
            if (prefix.isEmpty()) {
                continue;
            }
            if (!prefix.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?")) {
                throw new OptionException(key, "option " + key + ": '" + prefix + "' is not a package or class name");
            }
            boolean agentOrJdk = prefix.startsWith("java.") || prefix.startsWith("io.memdiag.core") || prefix.startsWith("io.memdiag.agent")
                    || prefix.startsWith("io.memdiag.bootstrap");
            if (agentOrJdk && key.equals("resources.track")) {
                throw new OptionException(key, "option " + key + ": '" + prefix + "' cannot be tracked (the JDK's own resources are tracked already; the agent never tracks itself)");
            }
            if (agentOrJdk && key.equals("alloc.include")) {
                throw new OptionException(key, "option " + key + ": '" + prefix + "' cannot be instrumented (allocation sites are looked for in application code; the agent never observes itself)");
            }
            result.add(prefix);
        }
        return List.copyOf(result);
    }

    private static boolean onOff(String key, String value) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on": case "true": return true;
            case "off": case "false": return false;
            default: throw new OptionException(key, "option " + key + "=" + value + " must be on or off");
        }
    }

    private static long byteSize(String key, String value) {
        String v = value.toUpperCase(java.util.Locale.ROOT);
        if (v.endsWith("B") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
            v = v.substring(0, v.length() - 1); // 10MB as 10M
        }
        long unit = 1;
        if (v.endsWith("K")) {
            unit = 1024;
        } else if (v.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (v.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new OptionException(key, "option " + key + "=" + value + " is not a size; use e.g. 512k, 10MB, 1g");
        }
    }

    /** A loop, not a stream: options are parsed on main before the application's main, where each lambda's first use spins a class. */
    private static boolean isKnown(String key) {
        for (Option o : OPTIONS) {
            if (o.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String defaultOf(String key) {
        return OPTIONS.stream().filter(o -> o.key().equals(key)).map(Option::defaultValue).findFirst().orElse("");
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Option o : OPTIONS) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.key());
        }
        return sb.toString();
    }

    public Path reportDir() {
        return reportDir;
    }

    public Duration reportInterval() {
        return reportInterval;
    }

    public Duration sampleInterval() {
        return sampleInterval;
    }

    public int ringCapacity() {
        if (ringCapacity > 0) {
            return ringCapacity;
        }
        return alloc() ? RING_WITH_ALLOCATIONS : RING_WITHOUT_ALLOCATIONS;
    }

    public int historySamples() {
        return historySamples;
    }

    public long logMaxSize() {
        return logMaxSize;
    }

    public boolean resources() {
        return resources;
    }

    public int resourcesMax() {
        return resourcesMax;
    }

    public int resourcesStackDepth() {
        return resourcesStackDepth;
    }

    /** Opening sites looked up per second at most; the other opens are tracked without a site. */
    public int resourcesWalks() {
        return resourcesWalks;
    }

    public boolean samplerC2() {
        return samplerC2;
    }

    public boolean threads() {
        return threads;
    }

    public boolean alloc() {
        return alloc;
    }

    /** Mean bytes between allocation samples. */
    public long allocRate() {
        return allocRate;
    }

    /** Allocation samples per second at most. */
    public int allocThrottle() {
        return allocThrottle;
    }

    /** Package or class prefixes to instrument for allocations; empty: every application class. */
    public List<String> allocInclude() {
        return allocInclude;
    }

    public List<String> allocExclude() {
        return allocExclude;
    }

    public int allocLiveMax() {
        return allocLiveMax;
    }

    public int allocStackDepth() {
        return allocStackDepth;
    }

    /** Percent of the cgroup limit at which RSS is a CONTAINER_RISK. */
    public int containerThreshold() {
        return containerThreshold;
    }

    /** Packages or classes whose AutoCloseable types are tracked too. */
    public List<String> resourcesTrack() {
        return resourcesTrack;
    }

    /**
     * What a running agent does with these options from a second attach, in one line:
     * "applied report.interval=10s; not while running (stop, then attach with them): alloc.rate=64k".
     */
    public String changeWhileRunning() {
        List<String> applied = new ArrayList<>();
        List<String> notApplied = new ArrayList<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            (CHANGEABLE_WHILE_RUNNING.contains(e.getKey()) ? applied : notApplied).add(e.getKey() + "=" + e.getValue());
        }
        String line = applied.isEmpty() ? "no option changed" : "applied " + String.join(", ", applied);
        if (!notApplied.isEmpty()) {
            line += "; not while running (stop, then attach with them): " + String.join(", ", notApplied);
        }
        return line;
    }

    /** The options as given (accepted ones only), for the report header. */
    public Map<String, String> given() {
        return Collections.unmodifiableMap(given);
    }

    /** Every rejected option, in the order given. */
    public List<OptionException> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** A human-readable table of all options with defaults, for {@code help}. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (Option o : OPTIONS) {
            sb.append(String.format("  %-16s default %-30s %s%n", o.key(), o.defaultValue(), o.meaning()));
        }
        return sb.toString();
    }
}
