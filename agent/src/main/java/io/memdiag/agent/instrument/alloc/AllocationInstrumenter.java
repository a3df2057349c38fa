package io.memdiag.agent.instrument.alloc;

import io.memdiag.core.alloc.AllocationSites;
import io.memdiag.core.engine.FailureLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;

/**
 * Installs the allocation hooks into application classes, with its own resettable transformer.
 *
 * <p>Two ways, because a method that is running when its class is retransformed goes on in its
 * old version, which HotSpot never compiles again (see {@link RunningClasses}):
 * <ul>
 *   <li>at JVM start ({@code premain}), before the application's first class loads, and without
 *       retransforming anything: every application class is then instrumented as it loads,
 *       before any of its code runs. This part is on the start-up path, unlike the JDK hooks,
 *       which install in the background;</li>
 *   <li>on attach, application classes are already loaded and running: they are retransformed,
 *       except the ones a thread is running in, which are retried later.</li>
 * </ul>
 */
public final class AllocationInstrumenter {

    private final FailureLog failures;

    public AllocationInstrumenter(FailureLog failures) {
        this.failures = failures;
    }

    /**
     * @param running null at JVM start (nothing to retransform); on attach, the classes to leave
     *                alone for now, refreshed just before loaded classes are retransformed
     */
    public ResettableClassFileTransformer install(Instrumentation inst, AllocationTargets targets, AllocationSites sites,
                                                  RunningClasses running) {
        AllocationVisitorWrapper hooks = new AllocationVisitorWrapper(sites);
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                // retransformation-capable even at start, so stop can restore the original bytecode
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(running == null ? nothingLoaded() : loadedAfterLookingAtStacks(running))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable t) {
                        failures.once("allocation hooks in " + typeName, t);
                    }
                })
                .ignore(isSynthetic())
                .type(running == null ? targets.types() : targets.types().and(running), targets.loaders())
                .transform((builder, type, loader, module, domain) -> builder.visit(hooks))
                .installOn(inst);
    }

    /** At JVM start only the JDK and the agent are loaded: no class to look at. */
    private static AgentBuilder.RedefinitionStrategy.DiscoveryStrategy nothingLoaded() {
        return instrumentation -> Collections.<Iterable<Class<?>>>singletonList(List.of());
    }

    /**
     * Byte Buddy's single pass over the loaded classes, after a fresh look at which classes
     * threads are running in: the transformer is registered by now, so any class loaded later is
     * transformed as it loads.
     */
    private static AgentBuilder.RedefinitionStrategy.DiscoveryStrategy loadedAfterLookingAtStacks(RunningClasses running) {
        return instrumentation -> {
            running.refresh();
            return AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE.resolve(instrumentation);
        };
    }
}
