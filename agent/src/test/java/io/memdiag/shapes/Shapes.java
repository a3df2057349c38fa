package io.memdiag.shapes;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Allocations in the shapes compilers emit, for io.memdiag.agent.instrument.alloc.AllocationInstrumenterTest to rewrite and run. */
public class Shapes {

    static Object made = new Object(); // in <clinit>

    public static class Base {
        final Object held;

        public Base(Object held) {
            this.held = held;
        }
    }

    public static class Sub extends Base {
        public Sub() {
            super(new Object()); // a new inside the super() call's arguments
        }
    }

    public Object plain() {
        return new StringBuilder("x");
    }

    public Object nested() {
        return new ArrayList<>(List.of(new Object(), new int[3]));
    }

    public Object ternary(boolean b) {
        return new Base(b ? new Object() : new String("s"));
    }

    public long[] wide(long a, double d) {
        long[] values = new long[] {a, (long) d, a * 2};
        values[1] += values[0]; // dup2_x / lastore shapes
        return values;
    }

    public Object inTry(boolean fail) {
        try {
            if (fail) {
                throw new IllegalStateException("x");
            }
            return new Object();
        } catch (IllegalStateException e) {
            return new int[1];
        }
    }

    public Object sub() {
        return new Sub();
    }

    public Object multi() {
        return new int[2][3];
    }

    public Object reflective() throws ReflectiveOperationException {
        Object array = Array.newInstance(String.class, 4);
        Object object = Base.class.getConstructor(Object.class).newInstance("y");
        return new Object[] {array, object};
    }

    public Object lambda() {
        Supplier<Object> s = () -> new Object();
        return s.get();
    }

    public String concat(int i) {
        return "a" + i; // invokedynamic, no allocation instruction of its own
    }

    public Object discarded() {
        new Object(); // new ... pop
        return null;
    }
}
