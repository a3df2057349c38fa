package io.memdiag.agent.instrument.alloc;

import io.memdiag.agent.instrument.PacedRetransformation;
import io.memdiag.bootstrap.Allocations;
import io.memdiag.core.alloc.AllocationSites;
import io.memdiag.core.engine.FailureLog;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Installs the allocation hooks into application classes: a plain {@link ClassFileTransformer}
 * over ASM (as shaded in Byte Buddy), without Byte Buddy's type machinery, because at JVM start
 * it is on the main thread's path.
 *
 * <p>Two ways, because a method that is running when its class is retransformed goes on in its
 * old version, which HotSpot never compiles again (see {@link RunningClasses}):
 * <ul>
 *   <li>at JVM start ({@code premain}), before the application's first class loads: every
 *       application class is instrumented as it loads, before any of its code runs, and nothing
 *       is retransformed;</li>
 *   <li>on attach, application classes are already loaded and running: they are retransformed,
 *       except the ones a thread is running in, which are retried later.</li>
 * </ul>
 * Registered as retransformation-capable either way, so removing it and retransforming restores
 * the original bytecode.
 */
public final class AllocationInstrumenter implements ClassFileTransformer {

    private final FailureLog failures;
    private final AllocationTargets targets;
    private final AllocationSites sites;
    private final RunningClasses running;
    /** Per class loader: does it resolve the hook class to the bootstrap one? */
    private final Map<ClassLoader, Boolean> seesHooks = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param running null at JVM start (nothing to retransform); on attach, the classes to leave
     *                alone for now
     */
    public AllocationInstrumenter(FailureLog failures, AllocationTargets targets, AllocationSites sites, RunningClasses running) {
        this.failures = failures;
        this.targets = targets;
        this.sites = sites;
        this.running = running;
    }

    /**
     * Registers the transformer; on attach, also retransforms the loaded target classes, in
     * paced batches.
     *
     * @return on attach, what was retransformed and in how many batches, for the report's notes
     */
    public String install(Instrumentation inst) {
        inst.addTransformer(this, true);
        if (running == null) {
            return "";
        }
        running.refresh(); // after registering: classes loaded from now on are transformed as they load
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (targets.accepts(c) && inst.isModifiableClass(c) && !running.contains(c.getName())) {
                loaded.add(c);
            }
        }
        PacedRetransformation paced = new PacedRetransformation(failures);
        int done = paced.run(inst, loaded, "retransforming for allocation hooks:");
        return done + " application classes in " + paced.batches() + (paced.batches() == 1 ? " batch" : " batches")
                + " of up to " + PacedRetransformation.BATCH + ", " + PacedRetransformation.PAUSE_MS + " ms apart";
    }

    /**
     * Removes the transformer and retransforms the target classes, which brings back their
     * original bytecode; returns how many classes were restored. A class a thread is running in
     * keeps its (now inert) hooks: retransforming it would leave that running method interpreted
     * until it returns, the same trap as on attach (see {@link RunningClasses}).
     */
    public int uninstall(Instrumentation inst) {
        inst.removeTransformer(this);
        RunningClasses runningNow = new RunningClasses();
        runningNow.refresh();
        List<Class<?>> instrumented = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (targets.accepts(c) && inst.isModifiableClass(c) && !runningNow.contains(c.getName())) {
                instrumented.add(c);
            }
        }
        return new PacedRetransformation(failures).run(inst, instrumented, "restoring");
    }

    /**
     * Instrumented code calls the bootstrap class {@code io.memdiag.bootstrap.Allocations}
     * through its own class's loader. Nearly every loader delegates to the boot loader; one that
     * does not (OSGi bundle loaders delegate only {@code java.*} unless told otherwise) would make
     * every instrumented allocation throw NoClassDefFoundError. Its classes are left alone, and
     * the report says so once.
     */
    private boolean seesHooks(ClassLoader loader) {
        Boolean known = seesHooks.get(loader);
        if (known != null) {
            return known;
        }
        boolean sees;
        try {
            sees = Class.forName(Allocations.class.getName(), false, loader) == Allocations.class;
        } catch (Throwable t) {
            sees = false;
        }
        seesHooks.put(loader, sees);
        if (!sees) {
            failures.once("allocation hooks left out of the classes of " + loader.getClass().getName()
                    + ": it does not see the agent's bootstrap classes (for OSGi, add io.memdiag.bootstrap to"
                    + " org.osgi.framework.bootdelegation)", new IllegalStateException("io.memdiag.bootstrap not visible"));
        }
        return sees;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (!targets.accepts(className, loader) || !seesHooks(loader)) {
            return null;
        }
        if (classBeingRedefined != null && running != null && running.contains(classBeingRedefined.getName())) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, 0); // frames and max locals stay as they were
            AllocationClassVisitor visitor = new AllocationClassVisitor(writer, sites);
            reader.accept(visitor, 0);
            return visitor.hooks() == 0 ? null : writer.toByteArray();
        } catch (Throwable t) {
            failures.once("allocation hooks in " + className, t);
            return null; // the class loads as it was
        }
    }
}
