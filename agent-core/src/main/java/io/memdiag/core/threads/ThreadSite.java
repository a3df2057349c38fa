package io.memdiag.core.threads;

import io.memdiag.core.history.CountHistory;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The code that starts threads, and the threads it started that may still run. Threads are
 * held weakly: a finished thread nobody references disappears, and one still referenced but
 * finished is counted as not alive.
 */
final class ThreadSite {

    static final int HISTORY = 8;

    final String frame;
    private final List<WeakReference<Thread>> threads = new ArrayList<>();
    private long started;
    private volatile List<String> stack = List.of();
    final CountHistory aliveHistory = new CountHistory(HISTORY);

    ThreadSite(String frame) {
        this.frame = frame;
    }

    synchronized void started(Thread t, int cap) {
        started++;
        if (threads.size() >= cap) {
            prune();
        }
        if (threads.size() < cap) {
            threads.add(new WeakReference<>(t));
        }
    }

    List<String> stack() {
        return stack;
    }

    void stack(List<String> frames) {
        stack = frames;
    }

    boolean hasStack() {
        return !stack.isEmpty();
    }

    /** Drops finished threads; returns the ones alive now. */
    synchronized List<Thread> alive() {
        prune();
        List<Thread> alive = new ArrayList<>(threads.size());
        for (WeakReference<Thread> r : threads) {
            Thread t = r.get();
            if (t != null) {
                alive.add(t);
            }
        }
        return alive;
    }

    private void prune() {
        threads.removeIf(r -> {
            Thread t = r.get();
            return t == null || !t.isAlive();
        });
    }

    synchronized long started() {
        return started;
    }

}
