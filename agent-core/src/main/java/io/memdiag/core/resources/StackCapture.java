package io.memdiag.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the application frame that opened a resource, and when asked, a short stack from it.
 * Frames of the JDK and of the agent are skipped: the site an operator can fix is the first
 * frame of their own code.
 */
final class StackCapture {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final int depth;

    StackCapture(int depth) {
        this.depth = depth;
    }

    static boolean isInfrastructure(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.") || className.startsWith("io.memdiag.core.")
                || className.startsWith("io.memdiag.agent.") || className.startsWith("io.memdiag.bootstrap.");
    }

    /** The opening site as {@code pkg.Class.method(File.java:line)}; "(unknown)" when only JDK frames called. */
    String site() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(s -> s.filter(f -> !isInfrastructure(f.getClassName())).findFirst());
        return frame.map(StackCapture::format).orElse("(unknown)");
    }

    /** Up to {@code depth} frames from the opening site outward. */
    List<String> stack() {
        return WALKER.walk(s -> {
            List<String> frames = new ArrayList<>(depth);
            s.dropWhile(f -> isInfrastructure(f.getClassName())).limit(depth).forEach(f -> frames.add(format(f)));
            return List.copyOf(frames);
        });
    }

    static String format(StackWalker.StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        return f.getClassName() + "." + f.getMethodName() + "("
                + (file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file) + ")";
    }
}
