package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.bootstrap.ResourceSink;
import io.memdiag.core.engine.FailureLog;
import io.memdiag.core.resources.ResourceKind;
import io.memdiag.fixtures.tracked.NotAResource;
import io.memdiag.fixtures.tracked.Opened;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The woven calls, run for real: in this JVM's JDK classes and in freshly loaded application
 * classes (self-attach for the Instrumentation), reaching the bridge with the right values,
 * and gone again after uninstall.
 */
class JdkHookTransformerTest {

    /** What reached the bridge, as "opened kind description" and "closed". */
    private static final class Recorder implements ResourceSink {
        final List<Object> resources = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void opened(int kind, Object resource, String description) {
            resources.add(resource);
            events.add("opened " + kind + " " + description);
        }

        @Override
        public synchronized void closed(Object resource) {
            resources.add(resource);
            events.add("closed");
        }

        @Override
        public void described(Object resource, String description) {
        }

        @Override
        public void exhausted() {
        }

        synchronized List<String> eventsOf(Object resource) {
            List<String> result = new ArrayList<>();
            for (int i = 0; i < resources.size(); i++) {
                if (resources.get(i) == resource) {
                    result.add(events.get(i));
                }
            }
            return result;
        }
    }

    private final Recorder recorder = new Recorder();

    @AfterEach
    void clearBridge() {
        Bridge.uninstall();
    }

    /**
     * The JDK's classes are left to the end-to-end tests (ResourceLeakIT and others), where the
     * agent has put the bridge into the bootstrap loader: here it is in the application loader,
     * which a woven JDK class cannot see.
     */
    @Test
    void trackedTypesReachTheBridgeUntilUninstalled() throws Exception {
        Instrumentation inst = ByteBuddyAgent.install();
        Bridge.installResources(recorder);
        JdkHookTransformer hooks = new JdkHookTransformer(new FailureLog(null), HookCatalog.none(),
                new TrackedTypes(List.of("io.memdiag.fixtures.tracked")));
        try {
            hooks.install(inst);
            // loaded now, for the first time: AutoCloseable only through a base class and two interfaces
            Class<?> late = Class.forName("io.memdiag.fixtures.tracked.LateConnection");
            AutoCloseable connection = (AutoCloseable) late.getConstructor(String.class).newInstance("jdbc:test");
            connection.close();
            List<String> seen = recorder.eventsOf(connection);
            assertTrue(seen.contains("opened " + ResourceKind.AUTO_CLOSEABLE_CODE + " " + late.getName()), seen.toString());
            assertEquals("closed", seen.get(seen.size() - 1), seen.toString());

            NotAResource plain = new NotAResource();
            plain.close();
            assertEquals(List.of(), recorder.eventsOf(plain), "not AutoCloseable: never hooked");
        } finally {
            assertTrue(hooks.uninstall(inst) >= 2, "LateConnection and its base were hooked, and are restored");
        }
        AutoCloseable again = (AutoCloseable) Class.forName("io.memdiag.fixtures.tracked.LateConnection")
                .getConstructor(String.class).newInstance("jdbc:test");
        again.close();
        assertEquals(List.of(), recorder.eventsOf(again), "the original bytecode is back");
    }

    @Test
    void weavesAFieldReadAtReturnAndACallAtEntryKeepingTheMethodsResults() throws Exception {
        Hook opened = new Hook("<init>", d -> true, false, HookCatalog.JDK_HOOKS, "directoryOpened",
                "(Ljava/lang/Object;Ljava/lang/Object;)V", List.of(Hook.Value.THIS, Hook.Value.field("path")));
        Hook closed = new Hook("close", d -> d.startsWith("()"), true, HookCatalog.BRIDGE, "resourceClosed",
                "(Ljava/lang/Object;)V", List.of(Hook.Value.THIS));
        byte[] woven = weave(List.of(opened, closed), 2);
        Class<?> type = defineAlone(Opened.class.getName(), woven);
        Bridge.installResources(recorder);

        Object o = type.getConstructor(String.class).newInstance("/some/where");
        assertEquals(11L, type.getMethod("close").invoke(o), "the method still returns its own value");
        assertEquals(List.of("opened " + ResourceKind.DIRECTORY_STREAM_CODE + " /some/where", "closed"), recorder.eventsOf(o));
    }

    @Test
    void aHookWhoseFieldThisClassLacksIsLeftOutAndNamed() throws Exception {
        Hook opened = new Hook("<init>", d -> true, false, HookCatalog.JDK_HOOKS, "directoryOpened",
                "(Ljava/lang/Object;Ljava/lang/Object;)V", List.of(Hook.Value.THIS, Hook.Value.field("nope")));
        ClassReader reader = new ClassReader(classFile(Opened.class));
        ClassWriter writer = new ClassWriter(reader, 0);
        HookWeaver weaver = new HookWeaver(writer, List.of(opened));
        reader.accept(weaver, 0);
        assertEquals(0, weaver.woven());
        assertEquals(List.of("no field nope in io/memdiag/fixtures/tracked/Opened"), weaver.problems());
    }

    private static byte[] weave(List<Hook> hooks, int expectedCalls) throws Exception {
        ClassReader reader = new ClassReader(classFile(Opened.class));
        ClassWriter writer = new ClassWriter(reader, 0);
        HookWeaver weaver = new HookWeaver(writer, hooks);
        reader.accept(weaver, 0);
        assertEquals(List.of(), weaver.problems());
        assertEquals(expectedCalls, weaver.woven());
        return writer.toByteArray();
    }

    private static byte[] classFile(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the woven class in a loader of its own, which the verifier checks in full. */
    private static Class<?> defineAlone(String name, byte[] bytes) throws Exception {
        ClassLoader loader = new ClassLoader(JdkHookTransformerTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> done = findLoadedClass(n);
                        return done != null ? done : defineClass(n, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(n, resolve);
            }
        };
        return Class.forName(name, true, loader);
    }
}
