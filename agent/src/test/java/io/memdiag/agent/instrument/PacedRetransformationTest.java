package io.memdiag.agent.instrument;

import io.memdiag.core.engine.FailureLog;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the JVM's real Instrumentation (self-attach): batches, and a bad class costing only itself. */
class PacedRetransformationTest {

    static final class A {
    }

    static final class B {
    }

    static final class C {
    }

    static final class D {
    }

    @Test
    void retransformsInBatchesAndRetriesAFailedBatchClassByClass() {
        Instrumentation inst = ByteBuddyAgent.install();
        List<String> seen = new ArrayList<>();
        ClassFileTransformer recorder = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (redefined != null && name.startsWith("io/memdiag/agent/instrument/PacedRetransformationTest$")) {
                    synchronized (seen) {
                        seen.add(name.substring(name.indexOf('$') + 1));
                    }
                }
                return null;
            }
        };
        inst.addTransformer(recorder, true);
        try {
            FailureLog failures = new FailureLog(null);
            PacedRetransformation paced = new PacedRetransformation(failures, 2, 1);
            // int.class cannot be retransformed: its batch fails and is redone class by class
            int done = paced.run(inst, List.of(A.class, B.class, C.class, int.class, D.class), "test:");
            assertEquals(4, done, "every class but the primitive");
            assertEquals(3, paced.batches(), "five classes in batches of two");
            assertEquals(List.of("A", "B", "C", "D"), seen, "C once (its batch failed before any change), then alone");
            assertEquals(1, failures.notes().size(), failures.notes().toString());
            assertTrue(failures.notes().get(0).startsWith("agent failure: test: int: java.lang.instrument.UnmodifiableClassException"),
                    failures.notes().toString());
        } finally {
            inst.removeTransformer(recorder);
        }
    }
}
