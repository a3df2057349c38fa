package io.memdiag.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads by role, for the harness to tell where a mode's extra CPU
 * goes: "jit" (the compiler threads), "gc" (the collector's threads and the VM thread, which
 * runs its pauses), "agent" (memdiag's threads, JFR's, and the JDK's "Notification Thread",
 * which calls the GC listeners an agent registers), "harness" (this poller). Everything else is
 * the program's: its own threads and the hooks an agent weaves into them, once what the main
 * thread did before the program's {@code main} ({@link #currentThreadMs}: the JVM's start, an
 * agent's {@code premain}) is taken out.
 *
 * <p>Read from {@code /proc/self/task/<tid>/stat} (name and CPU ticks in one read), polled
 * while the program runs, because a thread that ends takes its figures with it: memdiag's
 * start-up thread, say, which would otherwise be counted as the program's (up to one period of
 * a thread that ends still is). The poll reads a few dozen small files twice a second, about
 * 1 % of a core, counted apart as "harness" ({@link SelfStats#cpuMsOfStat} reads each line).
 * Not Linux: nothing.
 */
final class ThreadRoleCpu {

    static final String[] ROLES = {"jit", "gc", "agent", "harness"};

    private static final Path TASKS = Path.of("/proc/self/task");

    /** The last figures seen per thread id, for threads that have a role. */
    private final Map<String, Seen> lastByTid = new HashMap<>();

    private record Seen(String role, long cpuMs) {
    }

    private ThreadRoleCpu() {
    }

    /** Polls every {@code periodMs} on a daemon thread until the JVM exits. */
    static ThreadRoleCpu polling(long periodMs) {
        ThreadRoleCpu cpu = new ThreadRoleCpu();
        Thread poller = new Thread(() -> {
            while (true) {
                cpu.poll();
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-cpu-poll");
        poller.setDaemon(true);
        poller.start();
        return cpu;
    }

    /** CPU ms by role, from a last poll now and all before it; empty where /proc is not there. */
    synchronized Map<String, Long> msByRole() {
        if (!poll()) {
            return Map.of();
        }
        Map<String, Long> ms = new LinkedHashMap<>();
        for (String role : ROLES) {
            ms.put(role, 0L);
        }
        for (Seen last : lastByTid.values()) {
            ms.merge(last.role(), last.cpuMs(), Long::sum);
        }
        return ms;
    }

    private synchronized boolean poll() {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended while we listed
                }
                String role = role(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                String tid = task.getFileName().toString();
                if (role == null) {
                    lastByTid.remove(tid); // renamed since: a new thread takes its creator's name until it names itself
                    continue;
                }
                lastByTid.put(tid, new Seen(role, SelfStats.cpuMsOfStat(stat)));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or a /proc we cannot read
        }
    }

    /**
     * CPU ms the calling thread has used so far; -1 where /proc is not there. Called first thing
     * in the program's main thread, it is what ran there before the program: the JVM's start
     * and an agent's {@code premain} (and JFR's start, with -XX:StartFlightRecording).
     */
    static long currentThreadMs() {
        try {
            return SelfStats.cpuMsOfStat(Files.readString(Path.of("/proc/thread-self/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A thread's role by its name as /proc shows it (cut to 15 characters); null for the program's own. */
    static String role(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc";
        }
        if (name.startsWith("memdiag-") || name.startsWith("JFR ") || name.startsWith("Notification Th")) {
            return "agent";
        }
        if (name.startsWith("bench-")) {
            return "harness";
        }
        return null;
    }
}
