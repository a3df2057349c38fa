package io.memdiag.samples;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A cache that is never pruned, amid ordinary garbage: the JVM twin of Go's unpruned global
 * map. Every 100 ms it caches {@code kbPerTick} KB of "responses" under fresh keys (the leak),
 * keeps twice as much in sessions that expire after a second (medium-lived objects that reach
 * the old generation and die there, as in a real service), and throws away forty times as
 * much as young garbage. Expect memdiag's HEAP_LEAK verdict.
 *
 * <p>args: [seconds to run, default 20] [KB cached per 100 ms, default 400]
 */
public final class LeakyCache {

    /** The leak: a static map nobody ever removes from. */
    static final Map<Long, byte[]> RESPONSES = new HashMap<>();
    private static long nextKey;

    private LeakyCache() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        int kbPerTick = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ArrayDeque<byte[][]> sessions = new ArrayDeque<>();
        long garbage = 0;
        // Each step is a call, as each request is in a service: code that is already running when
        // the agent's instrumentation arrives (a loop inside one call) keeps its old bytecode.
        while (System.nanoTime() < end) {
            cacheResponses(kbPerTick / 4);
            sessions.addLast(openSession(kbPerTick / 2));
            if (sessions.size() > 10) {
                sessions.removeFirst(); // sessions expire: garbage in the old generation, not a leak
            }
            garbage += Workload.churn(40 * kbPerTick * 1024L);
            Thread.sleep(100);
        }
        System.out.println("LeakyCache: cached " + RESPONSES.size() + " entries; churn checksum " + garbage);
    }

    /** The leak: responses cached under fresh keys, never evicted. */
    static void cacheResponses(int count) {
        for (int i = 0; i < count; i++) {
            RESPONSES.put(nextKey++, new byte[4096]);
        }
    }

    /** A session's buffers: kept for a second, then dropped. */
    static byte[][] openSession(int buffers) {
        byte[][] session = new byte[buffers][];
        for (int i = 0; i < session.length; i++) {
            session[i] = new byte[4096];
        }
        return session;
    }
}
