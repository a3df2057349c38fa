package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.Units;
import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.resources.ResourceSnapshot;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RESOURCE_LEAK}: resources garbage-collected without close(), named at the code that
 * opened them, and file-descriptor pressure.
 *
 * <p>A resource collected while open is a leak even where the JDK's cleaner later closes its
 * descriptor: until the collector gets to it the descriptor is held, and under load the
 * process runs out ("Too many open files"). Fires when any site leaked; when a site's open
 * resources kept growing across the last {@link #GROWING_POINTS} reports (by at least
 * {@link #GROWING_MIN_RISE}) with nothing closing them fast enough, the resources held, not yet
 * collected, in a list or a cache; or when open descriptors reach {@link #FD_PRESSURE} of the
 * soft limit (CRITICAL from {@link #FD_CRITICAL}).
 */
public final class ResourceLeakDetector implements Detector {

    static final double FD_PRESSURE = 0.8;
    static final double FD_CRITICAL = 0.95;
    static final int SITES_NAMED = 5;
    static final int GROWING_POINTS = 4;
    static final long GROWING_MIN_RISE = 10;

    @Override
    public Optional<Verdict> detect(AnalysisInput input) {
        ResourceSnapshot r = input.resources();
        if (r == null) {
            return Optional.empty();
        }
        MemorySample last = input.samples().isEmpty() ? null : input.samples().get(input.samples().size() - 1);
        long fds = last == null ? -1 : last.openFds();
        long limit = last == null ? -1 : last.fdLimit();
        boolean fdKnown = fds >= 0 && limit > 0 && limit != Long.MAX_VALUE;
        double fdShare = fdKnown ? (double) fds / limit : 0;
        long leaked = r.collectedUnclosed();
        List<ResourceSnapshot.SiteStats> growing = new ArrayList<>();
        for (ResourceSnapshot.SiteStats s : r.sites()) {
            if (s.growing(GROWING_POINTS, GROWING_MIN_RISE)) {
                growing.add(s);
            }
        }
        for (ResourceSnapshot.SiteStats s : r.unattributed()) { // after the sites: a named site is told first
            if (s.growing(GROWING_POINTS, GROWING_MIN_RISE)) {
                growing.add(s);
            }
        }
        boolean exhausted = r.exhaustions() > 0;
        if (leaked == 0 && growing.isEmpty() && fdShare < FD_PRESSURE && !exhausted) {
            return Optional.empty();
        }
        List<ResourceSnapshot.SiteStats> named = new ArrayList<>();
        Map<ResourceKind, Long> leakedByKind = new EnumMap<>(ResourceKind.class);
        for (List<ResourceSnapshot.SiteStats> list : List.of(r.sites(), r.unattributed())) {
            for (ResourceSnapshot.SiteStats s : list) {
                if (s.collectedUnclosed() > 0) {
                    leakedByKind.merge(s.kind(), s.collectedUnclosed(), Long::sum);
                }
            }
        }
        for (ResourceSnapshot.SiteStats s : r.sites()) { // sorted: leaks first, then most open
            if (named.size() < SITES_NAMED && s.collectedUnclosed() > 0) {
                named.add(s);
            }
        }
        for (ResourceSnapshot.SiteStats s : growing) {
            if (named.size() < SITES_NAMED && !named.contains(s) && !r.unattributed().contains(s)) {
                named.add(s);
            }
        }
        for (ResourceSnapshot.SiteStats s : r.sites()) {
            if (named.isEmpty() && s.openNow() > 0) {
                named.add(s); // descriptor pressure alone: name who holds the most
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("collectedUnclosed", leaked);
        leakedByKind.forEach((k, n) -> evidence.put("collectedUnclosed." + k.name(), n));
        evidence.put("openNow", r.openNow());
        evidence.put("growingSites", growing.size());
        evidence.put("oldestOpenMs", r.oldestOpenAtMillis() < 0 ? null : Math.max(0, r.takenAtMillis() - r.oldestOpenAtMillis()));
        evidence.put("openFds", fds >= 0 ? fds : null);
        evidence.put("fdLimit", fdKnown ? limit : null);
        evidence.put("notTracked", r.tableOverflow() + r.siteOverflow());
        evidence.put("notAttributed", r.notAttributed());
        evidence.put("collectedUnclosedNotAttributed", r.collectedUnclosedNotAttributed());
        evidence.put("tooManyOpenFiles", r.exhaustions());

        String summary;
        if (exhausted) {
            summary = "Out of file descriptors: " + r.exhaustions() + " open" + (r.exhaustions() == 1 ? "" : "s")
                    + " failed with \"Too many open files\"" + (named.isEmpty() ? "" : "; most held by " + named.get(0).site()
                            + " (" + named.get(0).openNow() + " open" + (named.get(0).collectedUnclosed() > 0
                            ? ", " + named.get(0).collectedUnclosed() + " leaked" : "") + ")");
        } else if (leaked > 0) {
            long leakedAtSites = leaked - r.collectedUnclosedNotAttributed();
            summary = leaked + " resource" + (leaked == 1 ? " was" : "s were") + " garbage-collected without close(): ";
            if (leakedAtSites > 0) {
                ResourceSnapshot.SiteStats top = named.get(0);
                summary += (top.kind() == ResourceKind.AUTO_CLOSEABLE && top.example() != null ? top.example() : simpleName(top.kind()))
                        + " x" + top.collectedUnclosed() + " opened at " + top.site()
                        + (named.size() > 1 ? " and " + (named.size() - 1) + " more site" + (named.size() > 2 ? "s" : "") : "")
                        + (leakedAtSites < leaked ? "; " + (leaked - leakedAtSites) + " more from " + notLookedUp(r) : "");
            } else {
                summary += "all from " + notLookedUp(r);
            }
        } else if (!growing.isEmpty()) {
            ResourceSnapshot.SiteStats top = growing.get(0);
            long[] h = top.openHistory();
            summary = simpleName(top.kind()) + (r.unattributed().contains(top) ? " from " + notLookedUp(r) : " opened at " + top.site())
                    + " keep piling up: " + top.openNow() + " open, up from "
                    + h[h.length - GROWING_POINTS] + " " + (GROWING_POINTS - 1) + " reports ago, none collected"
                    + (growing.size() > 1 ? "; " + (growing.size() - 1) + " more site" + (growing.size() > 2 ? "s" : "") + " likewise" : "");
        } else {
            summary = fds + " of " + limit + " file descriptors in use (" + Units.decimal(fdShare * 100, 0) + "%)"
                    + (named.isEmpty() ? "" : "; most held by " + named.get(0).site());
        }
        Severity severity = fdShare >= FD_CRITICAL || exhausted ? Severity.CRITICAL : Severity.WARNING;
        List<String> sites = new ArrayList<>();
        for (ResourceSnapshot.SiteStats s : named) {
            sites.add(s.site());
        }
        List<String> advice = advice(named, exhausted ? 1.0 : fdShare);
        if (r.collectedUnclosedNotAttributed() > 0 || growing.stream().anyMatch(r.unattributed()::contains)) {
            advice.add(1, "Sites are looked up for " + r.walksPerSecond() + " opens a second at most (resources.walks), sampled at random"
                    + " beyond half of that, so the sites named are a sample and the leaks among the other " + r.notAttributed()
                    + " opens have no site. To name every open, run with a higher resources.walks (or stop and attach again with it): each lookup is a stack walk,"
                    + " a few microseconds once compiled and tens before.");
        }
        return Optional.of(new Verdict(VerdictKind.RESOURCE_LEAK, severity, summary, evidence, advice, sites));
    }

    /** The opens without a site, in words. */
    private static String notLookedUp(ResourceSnapshot r) {
        return "opens whose site was not looked up (beyond resources.walks=" + r.walksPerSecond() + " a second)";
    }

    private static List<String> advice(List<ResourceSnapshot.SiteStats> named, double fdShare) {
        List<String> advice = new ArrayList<>();
        List<ResourceKind> kinds = new ArrayList<>();
        for (ResourceSnapshot.SiteStats s : named) {
            if (!kinds.contains(s.kind()) || s.kind() == ResourceKind.AUTO_CLOSEABLE) {
                kinds.add(s.kind());
                advice.add(tryWithResources(s.kind())
                        + (s.kind() == ResourceKind.AUTO_CLOSEABLE && s.example() != null ? " (here " + s.example() + ")" : "")
                        + " at " + s.site() + ".");
            }
        }
        advice.add("A leaked descriptor stays open until the garbage collector finds its object and the JDK's cleaner closes it:"
                + " under load that is later than the next open, and the process fails with \"Too many open files\"."
                + " Resources that pile up while still referenced (kept in a list, a map, a pool without a bound) are never collected at all.");
        if (fdShare >= FD_PRESSURE) {
            advice.add("Until fixed: compare `ls /proc/<pid>/fd | wc -l` with `ulimit -n`; raising the soft limit buys time, it fixes nothing.");
        }
        return advice;
    }

    static String tryWithResources(ResourceKind kind) {
        switch (kind) {
            case FILE_INPUT_STREAM:
                return "Close the FileInputStream with try-with-resources: try (var in = new FileInputStream(file)) { ... }";
            case FILE_OUTPUT_STREAM:
                return "Close the FileOutputStream with try-with-resources: try (var out = new FileOutputStream(file)) { ... }";
            case RANDOM_ACCESS_FILE:
                return "Close the RandomAccessFile with try-with-resources: try (var raf = new RandomAccessFile(file, \"r\")) { ... }";
            case FILE_CHANNEL:
                return "Close the channel or the stream, reader or writer built on it with try-with-resources:"
                        + " try (var in = Files.newInputStream(path)) { ... }, and Files.lines(path) likewise: try (var lines = Files.lines(path)) { ... }";
            case DIRECTORY_STREAM:
                return "Close directory streams with try-with-resources: Files.list, walk and find return Streams that hold a descriptor:"
                        + " try (var entries = Files.list(dir)) { ... }";
            case SOCKET:
            case SERVER_SOCKET:
                return "Close sockets with try-with-resources (try (var socket = new Socket(host, port)) { ... }), and every socket a ServerSocket accepts";
            case SOCKET_CHANNEL:
            case SERVER_SOCKET_CHANNEL:
            case DATAGRAM_CHANNEL:
                return "Close the channel with try-with-resources or in a finally block, including channels returned by accept()";
            case SELECTOR:
                return "Close the Selector when its event loop ends: try (var selector = Selector.open()) { ... }";
            case ZIP_FILE:
                return "Close the ZipFile or JarFile with try-with-resources: try (var zip = new ZipFile(file)) { ... }";
            case INFLATER:
                return "Call end() on every Inflater you create (or close() from JDK 25), in a finally block; or close the GZIP/Inflater stream that owns it";
            case DEFLATER:
                return "Call end() on every Deflater you create (or close() from JDK 25), in a finally block; or close the GZIP/Deflater stream that owns it";
            case PIPE:
                return "Close both ends of the Pipe (pipe.source() and pipe.sink()) when done";
            case ASYNC_FILE_CHANNEL:
                return "Close the AsynchronousFileChannel with try-with-resources or when its last operation completes";
            case AUTO_CLOSEABLE:
                return "Close it with try-with-resources, as every AutoCloseable: for JDBC, the Connection, Statement and ResultSet each";
            default:
                return "Close it with try-with-resources";
        }
    }

    private static String simpleName(ResourceKind kind) {
        String api = kind.apiName();
        int space = api.indexOf(' ');
        return space < 0 ? api : api.substring(0, space);
    }
}
