package io.memdiag.samples.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * a thread that ends still is, a tenth of the period in the first seconds). The poll reads a
 * few dozen small files twice a second (twenty times in the first seconds), about 1 % of a
 * core, counted apart as "harness" ({@link SelfStats#cpuMsOfStat} reads each line).
 * Not Linux: nothing.
 */
final class ThreadRoleCpu {

    static final String[] ROLES = {"jit", "gc", "agent", "harness"};

    private static final Path TASKS = Path.of("/proc/self/task");

    /** The last figures seen per thread id, for threads that have a role. */
    private final Map<String, Seen> lastByTid = new HashMap<>();

    /** Each listed thread's stat file, open while the thread lives ({@link #readStat}). */
    private final Map<String, FileChannel> statFiles = new HashMap<>();

    private final ByteBuffer buffer = ByteBuffer.allocate(4096);

    private record Seen(String role, long cpuMs) {
    }

    private ThreadRoleCpu() {
    }

    /**
     * How long, from the program's start, the poll looks ten times as often: the threads that
     * start and end early (memdiag's {@code memdiag-start}, which runs for under a second next to
     * the program's start) would otherwise take up to one period of their CPU with them, and
     * that CPU would be counted as the program's. Since the fourteenth session.
     */
    static final long START_PHASE_MS = 3_000;

    /**
     * Polls every {@code periodMs} (a tenth of it in the {@link #START_PHASE_MS first seconds}) on
     * a daemon thread until the JVM exits.
     */
    static ThreadRoleCpu polling(long periodMs) {
        ThreadRoleCpu cpu = new ThreadRoleCpu();
        long started = System.nanoTime();
        Thread poller = new Thread(() -> {
            while (true) {
                cpu.poll();
                boolean starting = System.nanoTime() - started < START_PHASE_MS * 1_000_000;
                try {
                    Thread.sleep(starting ? Math.max(1, periodMs / 10) : periodMs);
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
            Set<String> listed = new HashSet<>();
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String tid = task.getFileName().toString();
                listed.add(tid);
                String stat = readStat(tid, task);
                if (stat == null) {
                    continue; // ended while we listed
                }
                String role = role(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                if (role == null) {
                    lastByTid.remove(tid); // renamed since: a new thread takes its creator's name until it names itself
                    continue;
                }
                lastByTid.put(tid, new Seen(role, SelfStats.cpuMsOfStat(stat)));
            }
            statFiles.entrySet().removeIf(open -> {
                boolean ended = !listed.contains(open.getKey());
                if (ended) {
                    closeQuietly(open.getValue());
                }
                return ended;
            });
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or a /proc we cannot read
        }
    }

    /**
     * A thread's stat line, read again from the file opened the first time: the agent under
     * test tracks every file the process opens, and opening dozens each poll, twenty polls a
     * second at first, made its resource tracker's code hot in the runs with it and in no run
     * without it (about 50 compilations of the agent's code per run that a workload alone does
     * not cause). A /proc file read from offset 0 again shows the figures of that moment.
     */
    private String readStat(String tid, Path task) {
        try {
            FileChannel file = statFiles.get(tid);
            if (file == null) {
                file = FileChannel.open(task.resolve("stat"), StandardOpenOption.READ);
                statFiles.put(tid, file);
            }
            buffer.clear();
            long at = 0; // a stat line is a few hundred bytes: one read, as a rule
            for (int n; buffer.hasRemaining() && (n = file.read(buffer, at)) > 0; ) {
                at += n;
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            closeQuietly(statFiles.remove(tid));
            return null;
        }
    }

    private static void closeQuietly(FileChannel file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // a /proc file of a thread that has ended
            }
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
