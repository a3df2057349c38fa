package io.memdiag.agent.instrument.alloc;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.HashMap;
import java.util.Map;

/**
 * The depth of a method's operand stack in words (a long or double is two), followed
 * instruction by instruction as a class is read. Enough to tell where a constructor call's
 * receiver sits, without types.
 *
 * <p>After an instruction that does not fall through (goto, return, throw, switch) the depth is
 * unknown ({@code -1}) until a label reached by a recorded jump, an exception handler or a stack
 * map frame says what it is again. While unknown, the caller hooks nothing that depends on it.
 */
final class OperandStack {

    private int depth;
    private final Map<Label, Integer> atLabel = new HashMap<>();

    int depth() {
        return depth;
    }

    private void change(int words) {
        if (depth >= 0) {
            depth += words;
            if (depth < 0) {
                depth = -1; // cannot happen in verified code: lose track rather than guess
            }
        }
    }

    private void unreachable() {
        depth = -1;
    }

    void insn(int opcode) {
        switch (opcode) {
            case Opcodes.NOP: case Opcodes.INEG: case Opcodes.FNEG: case Opcodes.LNEG: case Opcodes.DNEG:
            case Opcodes.I2F: case Opcodes.L2D: case Opcodes.F2I: case Opcodes.D2L: case Opcodes.I2B: case Opcodes.I2C:
            case Opcodes.I2S: case Opcodes.ARRAYLENGTH: case Opcodes.SWAP: case Opcodes.LALOAD: case Opcodes.DALOAD:
                return;
            case Opcodes.ACONST_NULL: case Opcodes.ICONST_M1: case Opcodes.ICONST_0: case Opcodes.ICONST_1:
            case Opcodes.ICONST_2: case Opcodes.ICONST_3: case Opcodes.ICONST_4: case Opcodes.ICONST_5:
            case Opcodes.FCONST_0: case Opcodes.FCONST_1: case Opcodes.FCONST_2:
            case Opcodes.DUP: case Opcodes.DUP_X1: case Opcodes.DUP_X2:
            case Opcodes.I2L: case Opcodes.I2D: case Opcodes.F2L: case Opcodes.F2D:
                change(1);
                return;
            case Opcodes.LCONST_0: case Opcodes.LCONST_1: case Opcodes.DCONST_0: case Opcodes.DCONST_1:
            case Opcodes.DUP2: case Opcodes.DUP2_X1: case Opcodes.DUP2_X2:
                change(2);
                return;
            case Opcodes.IALOAD: case Opcodes.FALOAD: case Opcodes.AALOAD: case Opcodes.BALOAD: case Opcodes.CALOAD:
            case Opcodes.SALOAD: case Opcodes.POP: case Opcodes.IADD: case Opcodes.ISUB: case Opcodes.IMUL:
            case Opcodes.IDIV: case Opcodes.IREM: case Opcodes.ISHL: case Opcodes.ISHR: case Opcodes.IUSHR:
            case Opcodes.IAND: case Opcodes.IOR: case Opcodes.IXOR: case Opcodes.FADD: case Opcodes.FSUB:
            case Opcodes.FMUL: case Opcodes.FDIV: case Opcodes.FREM: case Opcodes.LSHL: case Opcodes.LSHR:
            case Opcodes.LUSHR: case Opcodes.L2I: case Opcodes.L2F: case Opcodes.D2I: case Opcodes.D2F:
            case Opcodes.FCMPL: case Opcodes.FCMPG: case Opcodes.MONITORENTER: case Opcodes.MONITOREXIT:
                change(-1);
                return;
            case Opcodes.POP2: case Opcodes.LADD: case Opcodes.LSUB: case Opcodes.LMUL: case Opcodes.LDIV:
            case Opcodes.LREM: case Opcodes.LAND: case Opcodes.LOR: case Opcodes.LXOR: case Opcodes.DADD:
            case Opcodes.DSUB: case Opcodes.DMUL: case Opcodes.DDIV: case Opcodes.DREM:
                change(-2);
                return;
            case Opcodes.IASTORE: case Opcodes.FASTORE: case Opcodes.AASTORE: case Opcodes.BASTORE:
            case Opcodes.CASTORE: case Opcodes.SASTORE: case Opcodes.LCMP: case Opcodes.DCMPL: case Opcodes.DCMPG:
                change(-3);
                return;
            case Opcodes.LASTORE: case Opcodes.DASTORE:
                change(-4);
                return;
            default: // the returns and athrow
                unreachable();
        }
    }

    void intInsn(int opcode) {
        if (opcode != Opcodes.NEWARRAY) {
            change(1); // bipush, sipush
        }
    }

    void varInsn(int opcode) {
        switch (opcode) {
            case Opcodes.ILOAD: case Opcodes.FLOAD: case Opcodes.ALOAD: change(1); return;
            case Opcodes.LLOAD: case Opcodes.DLOAD: change(2); return;
            case Opcodes.ISTORE: case Opcodes.FSTORE: case Opcodes.ASTORE: change(-1); return;
            case Opcodes.LSTORE: case Opcodes.DSTORE: change(-2); return;
            default: unreachable(); // ret
        }
    }

    void typeInsn(int opcode) {
        if (opcode == Opcodes.NEW) {
            change(1);
        } // anewarray, checkcast, instanceof: one word for one
    }

    void fieldInsn(int opcode, String descriptor) {
        int size = Type.getType(descriptor).getSize();
        switch (opcode) {
            case Opcodes.GETSTATIC: change(size); return;
            case Opcodes.PUTSTATIC: change(-size); return;
            case Opcodes.GETFIELD: change(size - 1); return;
            default: change(-size - 1); // putfield
        }
    }

    /** Words a call's arguments take, receiver included unless static. */
    static int argumentWords(int opcode, String descriptor) {
        int argsAndThis = Type.getArgumentsAndReturnSizes(descriptor) >> 2; // counts an implicit 'this'
        return opcode == Opcodes.INVOKESTATIC ? argsAndThis - 1 : argsAndThis;
    }

    void methodInsn(int opcode, String descriptor) {
        change(-argumentWords(opcode, descriptor) + (Type.getArgumentsAndReturnSizes(descriptor) & 3));
    }

    void invokeDynamicInsn(String descriptor) {
        methodInsn(Opcodes.INVOKESTATIC, descriptor);
    }

    void jumpInsn(int opcode, Label target) {
        switch (opcode) {
            case Opcodes.GOTO:
                record(target);
                unreachable();
                return;
            case Opcodes.JSR:
                unreachable(); // subroutines (class files before Java 6): not followed
                return;
            case Opcodes.IF_ICMPEQ: case Opcodes.IF_ICMPNE: case Opcodes.IF_ICMPLT: case Opcodes.IF_ICMPGE:
            case Opcodes.IF_ICMPGT: case Opcodes.IF_ICMPLE: case Opcodes.IF_ACMPEQ: case Opcodes.IF_ACMPNE:
                change(-2);
                record(target);
                return;
            default: // ifeq .. ifle, ifnull, ifnonnull
                change(-1);
                record(target);
        }
    }

    void ldcInsn(Object value) {
        change(value instanceof Long || value instanceof Double ? 2 : 1);
    }

    void switchInsn(Label dflt, Label[] labels) {
        change(-1);
        record(dflt);
        for (Label l : labels) {
            record(l);
        }
        unreachable();
    }

    void multiANewArrayInsn(int dimensions) {
        change(1 - dimensions);
    }

    void handler(Label handler) {
        atLabel.put(handler, 1); // the exception
    }

    private void record(Label target) {
        if (depth >= 0) {
            atLabel.putIfAbsent(target, depth);
        }
    }

    void label(Label label) {
        Integer known = atLabel.get(label);
        if (depth < 0 && known != null) {
            depth = known;
        } else if (depth >= 0 && known != null && known != depth) {
            depth = -1; // disagreement: something is not understood here; hook nothing
        }
    }

    /** A stack map frame states the stack exactly. */
    void frame(int type, int stackCount, Object[] stack) {
        switch (type) {
            case Opcodes.F_NEW: case Opcodes.F_FULL:
                int words = 0;
                for (int i = 0; i < stackCount; i++) {
                    words += stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1;
                }
                depth = words;
                return;
            case Opcodes.F_SAME1:
                depth = stack[0] == Opcodes.LONG || stack[0] == Opcodes.DOUBLE ? 2 : 1;
                return;
            default: // same, append, chop: an empty stack
                depth = 0;
        }
    }
}
