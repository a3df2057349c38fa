package io.memdiag.agent.instrument.alloc;

import io.memdiag.bootstrap.AllocationSink;
import io.memdiag.bootstrap.Allocations;
import io.memdiag.core.alloc.AllocationSite;
import io.memdiag.core.alloc.AllocationSites;
import io.memdiag.core.engine.FailureLog;
import io.memdiag.shapes.Shapes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rewrites {@link Shapes} (and its nested classes) with the real transformer, loads the result in
 * its own class loader (so the JVM's verifier checks it) and runs every method with a sink that
 * samples every allocation: each allocation must reach the hook once, with its site.
 */
class AllocationInstrumenterTest {

    private final AllocationSites sites = new AllocationSites(1024);
    private final List<String> seen = new ArrayList<>();
    private ClassLoader rewritten;

    @BeforeEach
    void install() {
        Allocations.install(new AllocationSink() {
            @Override
            public long sampled(Object object, long bytes, int site, int stripe) {
                AllocationSite s = sites.get(site);
                seen.add(s.method() + " " + s.type());
                return 1; // sample the next allocation too: every one is seen
            }

            @Override
            public long sizeOf(Object object) {
                return 16;
            }

            @Override
            public long firstInterval(int stripe) {
                return 1;
            }
        }, sites.capacity(), 16, 2);
        AllocationInstrumenter transformer = new AllocationInstrumenter(new FailureLog(null),
                new AllocationTargets(List.of("io.memdiag.shapes.Shapes"), List.of()), sites, null);
        rewritten = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(Shapes.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        byte[] original = bytes(name);
                        byte[] changed = transformer.transform(this, name.replace('.', '/'), null, null, original);
                        byte[] used = changed == null ? original : changed;
                        c = defineClass(name, used, 0, used.length);
                    }
                    return c;
                }
            }
        };
    }

    @AfterEach
    void uninstall() {
        Allocations.uninstall();
    }

    private static byte[] bytes(String name) throws ClassNotFoundException {
        try (InputStream in = Shapes.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    private List<String> run(String method, Object... args) throws Exception {
        Class<?> shapes = rewritten.loadClass(Shapes.class.getName());
        Object instance = shapes.getDeclaredConstructor().newInstance();
        seen.clear();
        for (Method m : shapes.getMethods()) {
            if (m.getName().equals(method)) {
                m.invoke(instance, args);
                return new ArrayList<>(seen);
            }
        }
        throw new AssertionError(method);
    }

    @Test
    void everyShapeVerifiesAndEachAllocationReachesTheHookOnce() throws Exception {
        assertEquals(List.of("plain java.lang.StringBuilder"), run("plain"));
        assertEquals(List.of("nested java.lang.Object", "nested int[]", "nested java.util.ArrayList"), run("nested"));
        assertEquals(List.of("ternary java.lang.Object", "ternary io.memdiag.shapes.Shapes$Base"), run("ternary", true));
        assertEquals(List.of("ternary java.lang.String", "ternary io.memdiag.shapes.Shapes$Base"), run("ternary", false));
        assertEquals(List.of("wide long[]"), run("wide", 3L, 4.0));
        assertEquals(List.of("inTry java.lang.Object"), run("inTry", false));
        assertEquals(List.of("inTry java.lang.IllegalStateException", "inTry int[]"), run("inTry", true));
        assertEquals(List.of("<init> java.lang.Object", "sub io.memdiag.shapes.Shapes$Sub"), run("sub"));
        assertEquals(List.of("multi int[][]"), run("multi"));
        assertEquals(List.of("reflective (reflective)", "reflective java.lang.Class[]", "reflective java.lang.Object[]",
                "reflective (reflective)", "reflective java.lang.Object[]"), run("reflective"));
        assertEquals(List.of("lambda$lambda$0 java.lang.Object"), run("lambda"));
        assertEquals(List.of(), run("concat", 7));
        assertEquals(List.of("discarded java.lang.Object"), run("discarded"));
    }

    @Test
    void aLoaderThatDoesNotSeeTheHooksKeepsItsClassesAsTheyWere() throws Exception {
        FailureLog failures = new FailureLog(null);
        ClassLoader isolating = new ClassLoader(null) { // like an OSGi bundle: only java.* from the boot loader
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.memdiag.bootstrap.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        AllocationInstrumenter transformer = new AllocationInstrumenter(failures,
                new AllocationTargets(List.of("io.memdiag.shapes"), List.of()), sites, null);
        assertNull(transformer.transform(isolating, "io/memdiag/shapes/Shapes", null, null, bytes(Shapes.class.getName())));
        assertTrue(failures.notes().toString().contains("does not see the agent's bootstrap classes"), failures.notes().toString());
        assertEquals(0, sites.size(), "nothing named, nothing hooked");
    }

    @Test
    void classesOutsideTheTargetsAreLeftAlone() {
        FailureLog failures = new FailureLog(null);
        ClassLoader application = new ClassLoader(getClass().getClassLoader()) {
        }; // not the test's own loader: in this module's tests that is the agent's loader, never instrumented
        AllocationInstrumenter transformer = new AllocationInstrumenter(failures,
                new AllocationTargets(List.of(), List.of("io.memdiag.shapes")), sites, null);
        assertNull(transformer.transform(application, "io/memdiag/shapes/Shapes", null, null, new byte[0]));
        assertTrue(failures.notes().isEmpty(), "excluded: not even read");
        assertNull(transformer.transform(null, "com/acme/Boot", null, null, new byte[0]), "the bootstrap loader's classes are the JDK's");
        assertNull(transformer.transform(application, "java/util/HashMap", null, null, new byte[0]));
        assertNull(transformer.transform(application, "com/acme/Broken", null, null, new byte[] {1, 2, 3}),
                "a class the transformer cannot read loads as it was");
        assertNull(transformer.transform(getClass().getClassLoader(), "com/acme/Agent", null, null, new byte[0]),
                "the agent's own loader");
        assertEquals(0, sites.size());
        assertTrue(failures.notes().toString().contains("com/acme/Broken"), "logged once: " + failures.notes());
    }
}
