package io.memdiag.core.alloc;

/**
 * One allocation instruction in application code, named when its class was instrumented.
 *
 * @param id        the number the instrumented code passes to the hook
 * @param className the class containing the instruction, dotted
 * @param method    the method containing it
 * @param file      the source file, or null when the class has none recorded
 * @param line      the source line, or -1 when unknown
 * @param type      what it allocates, as Java writes it ({@code byte[]}, {@code java.util.HashMap})
 */
public record AllocationSite(int id, String className, String method, String file, int line, String type) {

    /** {@code pkg.Class.method(File.java:42)}, the form stack traces use. */
    public String location() {
        return className + "." + method + "(" + (file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file) + ")";
    }
}
