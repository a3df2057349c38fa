package io.memdiag.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge classes ({@code io.memdiag.bootstrap.*}) in the bootstrap class loader, so
 * the calls woven into java.* classes can link to them.
 *
 * <p>Why not {@link Instrumentation#appendToBootstrapClassLoaderSearch}: on JDK 17 and 25 it
 * makes HotSpot print "Sharing is only supported for boot loader classes because bootstrap
 * classpath has been appended" on the host's stderr and turns class-data sharing off for the
 * application's classes, slowing its start-up. Instead, java.base exports jdk.internal.misc to
 * this loader's module alone (the host gains no access) and the few bridge classes are
 * defined directly. Appending remains the fallback should a JDK remove that path.
 *
 * <p>The jar's bridge classes already carry HotSpot's {@code DontInline} where the source says
 * {@code @ColdPath}: the build adds it ({@link ColdPathMarker}).
 */
public final class BootstrapInjector {

    static final String BRIDGE_FOLDER = "io/memdiag/bootstrap/";

    private BootstrapInjector() {
    }

    /** Returns null on success, or a note saying which fallback was used and why. */
    public static String inject(Instrumentation inst, File agentJar) throws IOException {
        if (alreadyDefined()) {
            return null; // a second start in the same JVM (attach after -javaagent, or re-attach)
        }
        try (JarFile jar = new JarFile(agentJar, false)) {
            Map<String, byte[]> classes = bridgeClasses(jar);
            try {
                defineWithUnsafe(inst, classes);
                return null;
            } catch (Throwable t) {
                // Fall through to the documented, supported path.
                inst.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
                return "bridge classes appended to the bootstrap class path (direct definition failed: " + t + ")";
            }
        }
    }

    private static boolean alreadyDefined() {
        try {
            Class.forName("io.memdiag.bootstrap.Bridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, byte[]> bridgeClasses(JarFile jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            String name = entry.getName();
            if (name.startsWith(BRIDGE_FOLDER) && name.endsWith(".class")) {
                try (InputStream in = jar.getInputStream(entry)) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no bridge classes in " + jar.getName());
        }
        return classes;
    }

    private static void defineWithUnsafe(Instrumentation inst, Map<String, byte[]> classes) throws Throwable {
        Module javaBase = Object.class.getModule();
        Module self = BootstrapInjector.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(self)), Map.of(), Set.of(), Map.of());
        // Method handles called exactly, not Method.invoke: on JDK 18 and later core reflection
        // runs through method handles adapted to (Object, Object[]), for which JDK 25 spun 13
        // classes here, on main, before the application's main; this way it spins 5.
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass))
                .asType(MethodType.methodType(Object.class)).invokeExact();
        MethodHandle define = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(Class.class,
                        String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class))
                .bindTo(unsafe);
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            // invokeExact's call site must match the handle's type, the Class result included
            Class<?> bridgeClass = (Class<?>) define.invokeExact(c.getKey(), c.getValue(), 0, c.getValue().length, (ClassLoader) null,
                    (ProtectionDomain) null);
        }
    }
}
