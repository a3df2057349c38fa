package io.memdiag.core.resources;

/**
 * A stack frame's identity (class, method, bytecode index): cheap to read from a
 * {@link StackWalker.StackFrame} and to hash, unlike its formatted text, which materialises a
 * StackTraceElement. The trackers find a known site by it and format a frame only once.
 *
 * <p>Not a record: a record's generated equals and hashCode are bootstrapped through
 * {@code java.lang.runtime.ObjectMethods}, whose shared method handles cache their last
 * {@code asType} strongly on JDK 17, and that cached type names the key's class: the agent's
 * class loader stayed reachable after {@code stop} (AttachStopIT found it in a heap dump).
 */
public final class FrameKey {

    private final Class<?> type;
    private final String method;
    private final int bytecodeIndex;

    public FrameKey(Class<?> type, String method, int bytecodeIndex) {
        this.type = type;
        this.method = method;
        this.bytecodeIndex = bytecodeIndex;
    }

    public static FrameKey of(StackWalker.StackFrame frame) {
        return new FrameKey(frame.getDeclaringClass(), frame.getMethodName(), frame.getByteCodeIndex());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameKey k && type == k.type && bytecodeIndex == k.bytecodeIndex && method.equals(k.method);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + method.hashCode()) + bytecodeIndex;
    }
}
