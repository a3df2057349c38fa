package io.memdiag.agent.instrument;

import io.memdiag.core.engine.FailureLog;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the thread and resource hooks ({@link HookCatalog}) into the JDK, and the
 * {@code resources.track} hooks into the application's AutoCloseable types: a plain
 * {@link ClassFileTransformer} over ASM (as shaded in Byte Buddy).
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}, which did this before: the
 * woven code is a few loads and one call, and Byte Buddy's type machinery to produce it loaded
 * about 1,100 classes into the agent's loader (metaspace, compiled code and heap that stay for
 * the life of the process) and cost several hundred milliseconds of CPU at start. Performance
 * issue 7 measured the agent's memory at more than twice its budget, that machinery the largest
 * part of it.
 *
 * <p>Registered as retransformation-capable: removing it and retransforming the same classes
 * restores their original bytecode ({@link #uninstall}).
 */
public final class JdkHookTransformer implements ClassFileTransformer {

    private final FailureLog failures;
    private final HookCatalog catalog;
    private final TrackedTypes tracked;

    /**
     * @param trackResources also hook files, channels, directory streams, sockets, selectors,
     *                       zip files, inflaters and deflaters
     * @param trackedTypes   package or class name prefixes (resources.track) whose AutoCloseable
     *                       classes are tracked from construction to close()
     */
    public JdkHookTransformer(FailureLog failures, boolean trackResources, List<String> trackedTypes) {
        this(failures, HookCatalog.forOptions(trackResources), new TrackedTypes(trackResources ? trackedTypes : List.of()));
    }

    /**
     * For tests in an ordinary JVM, where the bridge classes are not in the bootstrap loader:
     * a JDK class woven there would fail to link its hook.
     */
    JdkHookTransformer(FailureLog failures, HookCatalog catalog, TrackedTypes tracked) {
        this.failures = failures;
        this.catalog = catalog;
        this.tracked = tracked;
    }

    /**
     * Registers the transformer, then retransforms the loaded classes it hooks, all in one
     * batch: a class and its close() hook, or a subclass and its base, must change together
     * (a batch that fails is retried class by class, so one class cannot keep the others
     * unhooked).
     *
     * @return how many loaded classes were retransformed
     */
    public int install(Instrumentation inst) {
        preloadOpenFailures();
        inst.addTransformer(this, true);
        return retransform(inst, "instrumenting");
    }

    /** Removes the transformer and retransforms the classes it hooked, back to their original bytecode. */
    public int uninstall(Instrumentation inst) {
        inst.removeTransformer(this);
        return retransform(inst, "restoring");
    }

    private int retransform(Instrumentation inst, String what) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (isTarget(c) && inst.isModifiableClass(c)) {
                targets.add(c);
            }
        }
        return PacedRetransformation.oneBatch(failures).run(inst, targets, what);
    }

    private boolean isTarget(Class<?> c) {
        return c.getClassLoader() == null ? catalog.containsBinaryName(c.getName()) : tracked.accepts(c);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        try {
            List<Hook> hooks = null;
            ClassReader reader = null;
            if (loader == null) {
                hooks = catalog.hooks(className);
            } else if (tracked.named(className, loader)) {
                reader = new ClassReader(classfileBuffer);
                boolean autoCloseable = classBeingRedefined != null ? tracked.accepts(classBeingRedefined) : tracked.accepts(reader, loader);
                hooks = autoCloseable ? HookCatalog.trackedTypeHooks() : null;
            }
            if (hooks == null) {
                return null;
            }
            if (reader == null) {
                reader = new ClassReader(classfileBuffer);
            }
            ClassWriter writer = new ClassWriter(reader, 0); // frames and max locals stay valid: see Hook
            HookWeaver weaver = new HookWeaver(writer, hooks);
            reader.accept(weaver, 0);
            for (String problem : weaver.problems()) {
                failures.once("hooks in " + className + ": " + problem, new IllegalStateException(problem));
            }
            return weaver.woven() == 0 ? null : writer.toByteArray();
        } catch (Throwable t) {
            failures.once("instrumenting " + className, t);
            return null; // the class loads as it was
        }
    }

    /**
     * The exceptions of a failed open are often first loaded at the worst moment: when the
     * process is out of descriptors and transforming them at load time cannot read what it
     * needs. Loaded now, they are retransformed with everything else.
     */
    private void preloadOpenFailures() {
        for (String name : HookCatalog.OPEN_FAILURES) {
            if (catalog.contains(name)) {
                try {
                    Class.forName(name.replace('/', '.'), false, null);
                } catch (ClassNotFoundException ignored) {
                    // not in this JDK: nothing to hook
                }
            }
        }
    }
}
