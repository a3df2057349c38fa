package io.memdiag.agent;

import io.memdiag.bootstrap.Allocations;
import io.memdiag.bootstrap.ReentrancyGuard;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ColdPathMarkerTest {

    @Test
    void onlyTheHooksRarePathsAreKeptOutOfCompiledApplicationCode() throws IOException {
        Set<String> dontInline = methodsWith(ColdPathMarker.mark(bytes(Allocations.class)), ColdPathMarker.DONT_INLINE);
        assertEquals(Set.of("arraySampled", "measure", "objectSampled", "sample", "take"), dontInline,
                "the common path (object, array, countDown, stripe, arrayBytes) must stay inlinable");
    }

    @Test
    void aClassWithoutColdPathsIsLeftAsItIs() throws IOException {
        byte[] guard = bytes(ReentrancyGuard.class);
        assertSame(guard, ColdPathMarker.mark(guard));
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static Set<String> methodsWith(byte[] classBytes, String annotation) {
        Set<String> names = new TreeSet<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                        if (desc.equals(annotation) && visible) {
                            names.add(name);
                        }
                        return null;
                    }
                };
            }
        }, 0);
        return names;
    }
}
