package io.memdiag.agent;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gives every bridge method marked {@code @ColdPath} HotSpot's {@code DontInline} annotation,
 * which the JIT honours only in classes of the boot and platform loaders, as the bridge is
 * (see {@link io.memdiag.bootstrap.ColdPath} for why the rare paths of the hooks must stay out of
 * the application's compiled code). A class without such methods comes back unchanged; another
 * JVM ignores the annotation.
 *
 * <p>Run by the build ({@link #main}, from agent/pom.xml) on the bridge classes the jar ships,
 * not by the agent: at run time it loaded ASM and read every bridge class on the host's
 * {@code main} thread, a third of premain's CPU.
 */
final class ColdPathMarker {

    static final String COLD_PATH = "Lio/memdiag/bootstrap/ColdPath;";
    static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    private ColdPathMarker() {
    }

    /** Marks, in place, the bridge classes under each directory given. */
    public static void main(String[] directories) throws IOException {
        int marked = 0;
        for (String directory : directories) {
            List<Path> classes;
            try (Stream<Path> files = Files.walk(Paths.get(directory))) {
                classes = files.filter(f -> f.toString().endsWith(".class")).toList();
            }
            for (Path file : classes) {
                byte[] original = Files.readAllBytes(file);
                byte[] result = mark(original);
                if (result != original) {
                    Files.write(file, result);
                    marked++;
                }
            }
        }
        if (marked == 0) {
            throw new IllegalStateException("no @ColdPath method found under " + String.join(", ", directories));
        }
        System.out.println("DontInline added to the @ColdPath methods of " + marked + " bridge classes");
    }

    static byte[] mark(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (COLD_PATH.equals(annotation)) {
                            super.visitAnnotation(DONT_INLINE, true).visitEnd();
                            changed[0] = true;
                        }
                        return super.visitAnnotation(annotation, visible);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classBytes;
    }
}
