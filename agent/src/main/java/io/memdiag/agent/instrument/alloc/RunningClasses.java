package io.memdiag.agent.instrument.alloc;

import io.memdiag.bootstrap.Bridge;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * On attach: the application classes some thread is running in. They are not retransformed
 * then, and are retried once no thread runs in them any more.
 *
 * <p>Why: a method that is running when its class is retransformed goes on in its old version,
 * and HotSpot never compiles an old ("obsolete") method again. A loop that never returns (a
 * {@code main} loop, an event loop, a worker's {@code run}) would run interpreted for the rest
 * of the process: measured at 40 % of the throughput of an allocation loop. Skipping the class
 * costs only its allocation sites until it can be instrumented safely.
 */
public final class RunningClasses {

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Adds the classes with a frame on any application thread's stack now. */
    public void refresh() {
        running.addAll(onStacks());
    }

    public boolean contains(String className) {
        return running.contains(className);
    }

    private static Set<String> onStacks() {
        Set<String> names = new java.util.HashSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith(Bridge.AGENT_THREAD_PREFIX)) {
                continue;
            }
            for (StackTraceElement frame : e.getValue()) {
                names.add(frame.getClassName());
            }
        }
        return names;
    }

    /**
     * Retransforms the skipped target classes no thread runs in any more.
     *
     * @return how many classes were retransformed
     */
    public int retry(Instrumentation inst, AllocationTargets targets) {
        Set<String> nowRunning = onStacks();
        int done = 0;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String name = c.getName();
            if (running.contains(name) && !nowRunning.contains(name) && inst.isModifiableClass(c) && targets.accepts(c)) {
                running.remove(name);
                try {
                    inst.retransformClasses(c);
                    done++;
                } catch (Throwable t) {
                    // unmodifiable after all, or gone: it stays without allocation hooks
                }
            }
        }
        return done;
    }

    /** Target classes still skipped, by name, for the report's notes. */
    public List<String> stillSkipped(Instrumentation inst, AllocationTargets targets) {
        Set<String> skipped = new TreeSet<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (running.contains(c.getName()) && inst.isModifiableClass(c) && targets.accepts(c)) {
                skipped.add(c.getName());
            }
        }
        return new ArrayList<>(skipped);
    }
}
