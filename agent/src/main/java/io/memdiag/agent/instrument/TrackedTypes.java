package io.memdiag.agent.instrument;

import io.memdiag.agent.instrument.alloc.AllocationTargets;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes {@code resources.track} names: classes (not interfaces) under the given package
 * or class prefixes that are AutoCloseable.
 *
 * <p>A class about to load cannot be asked whether it is AutoCloseable, and loading its
 * supertypes from inside the transformer would change the order in which the application's
 * classes load and run transformers within transformers. So the supertypes are read as class
 * files from the same loader, headers only, as far as needed; JDK supertypes (java.sql's
 * interfaces, for instance) are asked of the platform loader, which has them anyway.
 */
final class TrackedTypes {

    /** Supertypes read for one class at most: deep hierarchies end here, taken as not AutoCloseable. */
    private static final int MAX_SUPERTYPES = 64;

    private final String[] prefixes;

    TrackedTypes(List<String> dottedPrefixes) {
        prefixes = new String[dottedPrefixes.size()];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = dottedPrefixes.get(i).replace('.', '/');
        }
    }

    /** By name and loader alone: the cheap test, first. The agent's own classes never are. */
    boolean named(String internalName, ClassLoader loader) {
        if (internalName == null || loader == null || AllocationTargets.isAgentClass(internalName, loader)) {
            return false;
        }
        for (String p : prefixes) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A loaded class, for the retransformation at install and at stop: asked of every loaded class,
     * so with no prefixes (the default) it answers before spelling the name in internal form.
     */
    boolean accepts(Class<?> c) {
        return prefixes.length > 0 && !c.isInterface() && !c.isSynthetic() && named(c.getName().replace('.', '/'), c.getClassLoader())
                && AutoCloseable.class.isAssignableFrom(c);
    }

    /** A class file about to be defined by {@code loader}. */
    boolean accepts(ClassReader header, ClassLoader loader) {
        if ((header.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC)) != 0) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        return anyAutoCloseable(header, loader, seen);
    }

    private static boolean anyAutoCloseable(ClassReader header, ClassLoader loader, Set<String> seen) {
        String superName = header.getSuperName();
        if (superName != null && isAutoCloseable(superName, loader, seen)) {
            return true;
        }
        for (String i : header.getInterfaces()) {
            if (isAutoCloseable(i, loader, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAutoCloseable(String internalName, ClassLoader loader, Set<String> seen) {
        if (!seen.add(internalName) || seen.size() > MAX_SUPERTYPES) {
            return false;
        }
        if ("java/lang/AutoCloseable".equals(internalName) || "java/io/Closeable".equals(internalName)) {
            return true;
        }
        if (internalName.startsWith("java/") || internalName.startsWith("javax/")) {
            try {
                Class<?> jdk = Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                return AutoCloseable.class.isAssignableFrom(jdk);
            } catch (Throwable notInTheJdk) {
                // a javax package of the application's: read it like the others
            }
        }
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in != null && anyAutoCloseable(new ClassReader(in), loader, seen);
        } catch (Throwable unreadable) {
            return false; // a supertype we cannot read: not tracked
        }
    }
}
