package io.memdiag.agent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One call woven into the methods of a class: which methods (by name and descriptor), where
 * (at entry, or before every normal return), and what is passed to which static method of the
 * bootstrap bridge.
 *
 * <p>The woven code is loads and one {@code invokestatic}, without a branch or an exception
 * handler: the existing stack map frames stay valid as they are, so nothing has to compute
 * frames (which needs the class hierarchy, that is class loading, inside a transformer). It
 * needs no handler either, because the bridge method it calls catches every Throwable itself
 * and the bridge classes are defined before any hook is woven.
 *
 * @param method     the method's name ({@code <init>} for constructors)
 * @param descriptor which of that name's descriptors
 * @param atEntry    true: before the method's first instruction; false: before each return
 * @param target     the bridge class, internal name
 * @param hook       the bridge method's name
 * @param hookDesc   its descriptor, matching {@code values} in order
 * @param values     what is loaded for it, in order
 */
record Hook(String method, Predicate<String> descriptor, boolean atEntry, String target, String hook, String hookDesc,
            List<Value> values) {

    /** The stack the woven call needs at most, on top of what the method had there. */
    static final int EXTRA_STACK = 4;

    boolean matches(String name, String desc) {
        return method.equals(name) && descriptor.test(desc);
    }

    /**
     * Writes the call, or returns a reason it cannot be written in this class (a field this
     * JDK does not have), having written nothing.
     */
    String emit(MethodVisitor mv, String owner, String methodDesc, boolean isStatic, Map<String, String> fields) {
        for (Value v : values) {
            if (v.field != null && !fields.containsKey(v.field)) {
                return "no field " + v.field + " in " + owner;
            }
            if (isStatic && (v.field != null || v.argument < 0)) {
                return hook + " needs 'this', " + owner + " method is static";
            }
        }
        Type[] args = Type.getArgumentTypes(methodDesc);
        for (Value v : values) {
            if (v.field != null) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, owner, v.field, fields.get(v.field));
            } else if (v.argument < 0) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
            } else {
                int slot = isStatic ? 0 : 1;
                for (int i = 0; i < v.argument; i++) {
                    slot += args[i].getSize();
                }
                mv.visitVarInsn(args[v.argument].getOpcode(Opcodes.ILOAD), slot);
            }
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, target, hook, hookDesc, false);
        return null;
    }

    /** A value passed to the hook: the object itself, one of the method's arguments, or one of the object's fields. */
    static final class Value {
        static final Value THIS = new Value(-1, null);

        final int argument;
        final String field;

        private Value(int argument, String field) {
            this.argument = argument;
            this.field = field;
        }

        static Value argument(int index) {
            return new Value(index, null);
        }

        /** Read by name: the constructors' parameters differ between JDK versions, the fields less. */
        static Value field(String name) {
            return new Value(-1, name);
        }
    }
}
