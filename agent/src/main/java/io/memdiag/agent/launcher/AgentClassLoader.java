package io.memdiag.agent.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the engine, Byte Buddy's shaded ASM, SLF4J and Logback from the {@code inst/} folder of the agent
 * jar, where the build stored their classes as {@code .classdata}. No other loader can see
 * them: the system class loader only finds {@code .class} entries, so the host cannot load
 * (or collide with) our copies, and our Logback cannot see the host's configuration.
 *
 * <p>Parent is the platform loader: the engine sees the JDK (java.management, jdk.management)
 * and, through the bootstrap loader, the bridge classes appended there — nothing of the
 * application. Multi-release entries ({@code inst/META-INF/versions/N/}) are honoured for
 * the running feature version, as a multi-release jar would be.
 */
final class AgentClassLoader extends ClassLoader {

    static final String PREFIX = "inst/";
    private static final String CLASS_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain domain;
    /** Search prefixes, most specific first: inst/META-INF/versions/N/ for N ≤ feature, then inst/. */
    private final List<String> prefixes;

    AgentClassLoader(File agentJar, ClassLoader parent) throws IOException {
        super("memdiag", parent);
        this.jar = new JarFile(agentJar, false);
        this.jarUrl = agentJar.toURI().toURL();
        this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
        this.prefixes = searchPrefixes(jar, Runtime.version().feature());
    }

    private static List<String> searchPrefixes(JarFile jar, int feature) {
        String versions = PREFIX + "META-INF/versions/";
        TreeSet<Integer> found = new TreeSet<>(Collections.reverseOrder());
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.startsWith(versions)) {
                int slash = name.indexOf('/', versions.length());
                if (slash > versions.length()) {
                    try {
                        int v = Integer.parseInt(name.substring(versions.length(), slash));
                        if (v <= feature) {
                            found.add(v);
                        }
                    } catch (NumberFormatException ignored) {
                        // not a version folder
                    }
                }
            }
        }
        List<String> result = new ArrayList<>();
        for (int v : found) {
            result.add(versions + v + "/");
        }
        result.add(PREFIX);
        return result;
    }

    /** {@link EngineEntry} is the launcher's own class, shared so the hand-over is an interface call. */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.equals(EngineEntry.class.getName())) {
            return EngineEntry.class;
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = entry(name.replace('.', '/') + CLASS_SUFFIX);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = readAll(in);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageFor(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private void definePackageFor(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException alreadyDefinedConcurrently) {
                    // another thread defined it first: fine
                }
            }
        }
    }

    /** Resources of the agent's own jar entries (X.class asked for as a resource is served too). */
    @Override
    protected URL findResource(String name) {
        JarEntry entry = entry(storedName(name));
        return entry == null ? null : url(entry);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL u = findResource(name);
        return u == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(u));
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        // Served straight from the jar: no jar: URL connection (and its cache) involved.
        JarEntry entry = entry(storedName(name));
        if (entry == null) {
            return super.getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    private static String storedName(String resource) {
        return resource.endsWith(".class")
                ? resource.substring(0, resource.length() - ".class".length()) + CLASS_SUFFIX
                : resource;
    }

    private JarEntry entry(String stored) {
        for (String prefix : prefixes) {
            JarEntry e = jar.getJarEntry(prefix + stored);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private URL url(JarEntry entry) {
        try {
            return new URL("jar:" + jarUrl + "!/" + entry.getName());
        } catch (MalformedURLException e) {
            return null;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
