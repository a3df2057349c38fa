package io.memdiag.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Finds the application frame that opened a resource, and when asked, a short stack from it.
 * Frames of the JDK and of the agent are skipped: the site an operator can fix is the first
 * frame of their own code.
 */
public final class StackCapture {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final int depth;
    private final String[] libraries;

    public StackCapture(int depth, List<String> libraryPrefixes) {
        this.depth = depth;
        this.libraries = libraryPrefixes.toArray(new String[0]);
    }

    private boolean skipped(String className) {
        if (isInfrastructure(className)) {
            return true;
        }
        for (String prefix : libraries) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isInfrastructure(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.") || className.startsWith("io.memdiag.core.")
                || className.startsWith("io.memdiag.agent.") || className.startsWith("io.memdiag.bootstrap.");
    }

    /**
     * The first frame outside the JDK and the agent, or null when only they called. Identified by
     * class, method and bytecode index, which cost nothing to read; the line number (which makes
     * the frame materialise a StackTraceElement) is only resolved when a new site is formatted.
     */
    public StackWalker.StackFrame siteFrame() {
        return WALKER.walk(this::firstSiteFrame);
    }

    /**
     * A plain loop over the frames rather than filter and findFirst: this runs on every tracked
     * open and thread start, and the JIT inlines the stream pipeline's classes into every
     * compilation that inlines this (with the thread-start hook, the largest compilation of the
     * process: see Bridge.threadStarted).
     */
    private StackWalker.StackFrame firstSiteFrame(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        while (it.hasNext()) {
            StackWalker.StackFrame f = it.next();
            String name = f.getClassName();
            if (!skipped(name) || OWNERS.contains(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * JDK classes that open a resource on behalf of another tracked one: ZipFile's Source opens
     * the RandomAccessFile behind a ZipFile, whose own record already counts that open.
     */
    static final java.util.Set<String> OWNERS = java.util.Set.of("java.util.zip.ZipFile$Source");

    /** True when the frame says the resource belongs to another tracked resource. */
    static boolean ownedByAnother(StackWalker.StackFrame frame) {
        return frame != null && OWNERS.contains(frame.getClassName());
    }

    /** Up to {@code depth} frames from the opening site outward. */
    public List<String> stack() {
        return WALKER.walk(s -> {
            List<String> frames = new ArrayList<>(depth);
            s.dropWhile(f -> skipped(f.getClassName())).limit(depth).forEach(f -> frames.add(format(f)));
            return List.copyOf(frames);
        });
    }

    public static String format(StackWalker.StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        return f.getClassName() + "." + f.getMethodName() + "("
                + (file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file) + ")";
    }
}
