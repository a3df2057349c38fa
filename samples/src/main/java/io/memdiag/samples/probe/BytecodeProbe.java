package io.memdiag.samples.probe;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A second, independent agent that tells the tests which bytecode a class has, without JVMTI
 * of its own: loaded into the target by attach (the samples jar names it as its Agent-Class).
 *
 * <p>How it sees bytecode: it registers a retransformation-capable transformer and retransforms
 * the named classes. The JVM hands each such transformer, in the order the agents arrived, the
 * class's original class file as changed by the transformers before it, and installs what the
 * last one returns: a class still hooked after memdiag's {@code stop} shows up here, whether
 * because a memdiag transformer is still registered or because the JVM no longer has the
 * original to start from. The probe changes nothing itself and removes its transformer after.
 * A class "has hooks" when its constant pool names memdiag's bootstrap package.
 *
 * <p>args: {@code <file>;check;<class,class,...>}; appends {@code now <class> hooks|original}
 * per named class to the file.
 */
public final class BytecodeProbe implements ClassFileTransformer {

    private static final byte[] HOOKS = "io/memdiag/bootstrap/".getBytes(StandardCharsets.ISO_8859_1);

    private final Path file;
    private final List<String> classes;

    private BytecodeProbe(Path file, List<String> classes) {
        this.file = file;
        this.classes = classes;
    }

    public static void agentmain(String args, Instrumentation inst) throws Exception {
        String[] parts = args.split(";", 3);
        Path file = Paths.get(parts[0]);
        List<String> names = Arrays.asList(parts[2].split(","));
        BytecodeProbe check = new BytecodeProbe(file, names);
        inst.addTransformer(check, true);
        try {
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (names.contains(c.getName())) {
                    loaded.add(c);
                }
            }
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        } finally {
            inst.removeTransformer(check);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (redefined != null && classes.contains(redefined.getName())) {
            append(file, "now " + redefined.getName() + (contains(bytes, HOOKS) ? " hooks" : " original"));
        }
        return null; // observes only
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
