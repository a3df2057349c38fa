package io.memdiag.agent.instrument.alloc;

import io.memdiag.bootstrap.Bridge;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Application classes some thread is running in when the agent installs: they are not
 * retransformed then, and are retried once no thread runs in them any more.
 *
 * <p>Why: a method that is running when its class is retransformed goes on in its old version,
 * and HotSpot never compiles an old ("obsolete") method again. A loop that never returns (a
 * {@code main} loop, an event loop, a worker's {@code run}) would run interpreted for the rest
 * of the process: measured at 40 % of the throughput of an allocation loop. Skipping the class
 * costs only its allocation sites until it can be instrumented safely.
 */
public final class RunningClasses extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * Adds the classes with a frame on any application thread's stack now. Called at the last
     * moment before loaded classes are retransformed: the transformer is registered by then, so
     * classes loaded later are transformed as they load, before any of their code runs.
     */
    public void refresh() {
        running.addAll(onStacks());
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

    /** True when the class may be transformed: no thread was running in it. */
    @Override
    public boolean matches(TypeDescription type) {
        return !running.contains(type.getName());
    }

    /**
     * Retransforms the skipped classes of {@code targets} that no thread runs in any more.
     *
     * @return how many classes were retransformed
     */
    public int retry(Instrumentation inst, ElementMatcher<TypeDescription> targets) {
        Set<String> nowRunning = onStacks();
        List<Class<?>> ready = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String name = c.getName();
            if (running.contains(name) && !nowRunning.contains(name) && inst.isModifiableClass(c)
                    && c.getClassLoader() != null && targets.matches(TypeDescription.ForLoadedType.of(c))) {
                running.remove(name);
                ready.add(c);
            }
        }
        int done = 0;
        for (Class<?> c : ready) {
            try {
                inst.retransformClasses(c);
                done++;
            } catch (Throwable t) {
                // unmodifiable after all, or gone: it stays without allocation hooks
            }
        }
        return done;
    }

    /** Application classes (of {@code targets}) still skipped, by name, for the report's notes. */
    public List<String> stillSkipped(Instrumentation inst, ElementMatcher<TypeDescription> targets) {
        Set<String> skipped = new TreeSet<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (running.contains(c.getName()) && c.getClassLoader() != null && inst.isModifiableClass(c)
                    && targets.matches(TypeDescription.ForLoadedType.of(c))) {
                skipped.add(c.getName());
            }
        }
        return new ArrayList<>(skipped);
    }
}
