package io.memdiag.agent.instrument.alloc;

import io.memdiag.core.alloc.AllocationSites;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Rewrites one method so each allocation is followed by a call to the bootstrap
 * {@code Allocations} hook with the new object and a site id:
 * <pre>
 *   new T(args)          NEW T; DUP; args; INVOKESPECIAL T.&lt;init&gt;   + DUP; site; Allocations.object
 *   new byte[n]          NEWARRAY byte                                  + DUP; site; Allocations.array([B)
 *   new T[n], new T[a][b], Array.newInstance, Constructor.newInstance     likewise
 * </pre>
 * Only straight-line code is added and the operand stack returns to what it was, so the
 * method's stack map frames stay valid; the maximum stack grows by two.
 *
 * <p>A {@code new} is hooked only in the shape javac, kotlinc and scalac emit: NEW immediately
 * followed by DUP, and the constructor call's receiver sitting exactly one word above the NEW's
 * own (the operand stack's depth is followed by {@link OperandStack}). Then the word left
 * after the call is the new object. Any other shape, or a stretch of code where the depth is
 * not known, is left alone: a wrong guess would make the class fail verification, which would
 * harm the host.
 *
 * <p>Plain ASM (as shaded in Byte Buddy), no Byte Buddy types: this runs at JVM start, on the
 * main thread, for every application class, and must load few classes.
 */
final class AllocationMethodVisitor extends MethodVisitor {

    static final String HOOKS = "io/memdiag/bootstrap/Allocations";

    private final AllocationSites.Visit sites;
    private final String methodName;
    private final Deque<PendingNew> pending = new ArrayDeque<>();
    private final OperandStack stack = new OperandStack();
    private boolean afterNew;
    private int line = -1;
    private int hooks;

    /** @param sites names the allocations of this method's class, in the order visited */
    AllocationMethodVisitor(MethodVisitor mv, AllocationSites.Visit sites, String methodName) {
        super(Opcodes.ASM9, mv);
        this.sites = sites;
        this.methodName = methodName;
    }

    /** Hooks inserted so far. */
    int hooks() {
        return hooks;
    }

    private static final class PendingNew {
        final String type;
        /** Stack words below the NEW's result; -1 when the depth was not known. */
        final int base;
        boolean dupped;

        PendingNew(String type, int base) {
            this.type = type;
            this.base = base;
        }
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        afterNew = false;
        if (opcode == Opcodes.NEW) {
            int base = stack.depth();
            stack.typeInsn(opcode);
            super.visitTypeInsn(opcode, type);
            pending.push(new PendingNew(type, base));
            afterNew = true;
            return;
        }
        stack.typeInsn(opcode);
        super.visitTypeInsn(opcode, type);
        if (opcode == Opcodes.ANEWARRAY) {
            hook(Type.getObjectType(type).getClassName() + "[]", "array", "([Ljava/lang/Object;I)V");
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (afterNew && opcode == Opcodes.DUP && !pending.isEmpty()) {
            pending.peek().dupped = true;
        }
        afterNew = false;
        stack.insn(opcode);
        super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        afterNew = false;
        stack.intInsn(opcode);
        super.visitIntInsn(opcode, operand);
        if (opcode == Opcodes.NEWARRAY) {
            String element = primitive(operand);
            if (element != null) {
                hook(element + "[]", "array", "([" + primitiveDescriptor(operand) + "I)V");
            }
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
        afterNew = false;
        stack.multiANewArrayInsn(dimensions);
        super.visitMultiANewArrayInsn(arrayDescriptor, dimensions);
        hook(Type.getType(arrayDescriptor).getClassName(), "multiArray", "(Ljava/lang/Object;I)V");
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
        afterNew = false;
        if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name) && !pending.isEmpty()) {
            int depth = stack.depth();
            // the receiver's position, in words from the bottom of the stack: below the arguments
            int receiver = depth < 0 ? -1 : depth - (OperandStack.argumentWords(opcode, desc) - 1);
            PendingNew p = pending.peek();
            stack.methodInsn(opcode, desc);
            super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            if (p.base >= 0 && receiver == p.base + 2 && p.dupped && owner.equals(p.type)) {
                pending.pop();
                hook(Type.getObjectType(p.type).getClassName(), "object", "(Ljava/lang/Object;I)V");
            } else if (p.base >= 0 && (receiver == p.base + 1 || receiver == p.base + 2)) {
                pending.pop(); // this NEW's constructor, in a shape not hooked
            }
            return;
        }
        stack.methodInsn(opcode, desc);
        super.visitMethodInsn(opcode, owner, name, desc, isInterface);
        if (isReflectiveCreation(opcode, owner, name, desc)) {
            hook("(reflective)", "reflective", "(Ljava/lang/Object;I)V");
        }
    }

    private static boolean isReflectiveCreation(int opcode, String owner, String name, String desc) {
        if (opcode == Opcodes.INVOKESTATIC) {
            return "java/lang/reflect/Array".equals(owner) && "newInstance".equals(name);
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && "newInstance".equals(name)) {
            return ("java/lang/reflect/Constructor".equals(owner) && "([Ljava/lang/Object;)Ljava/lang/Object;".equals(desc))
                    || ("java/lang/Class".equals(owner) && "()Ljava/lang/Object;".equals(desc));
        }
        return false;
    }

    /** The object on top of the stack is new: hand a copy of it and the site id to the hook. */
    private void hook(String type, String hookName, String hookDescriptor) {
        int site = sites.next(methodName, line, type);
        if (site < 0) {
            return;
        }
        // net zero on the stack, so the tracked depth needs no update
        super.visitInsn(Opcodes.DUP);
        pushInt(site);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hookName, hookDescriptor, false);
        hooks++;
    }

    private void pushInt(int value) {
        if (value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        afterNew = false;
        stack.varInsn(opcode);
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String desc) {
        afterNew = false;
        stack.fieldInsn(opcode, desc);
        super.visitFieldInsn(opcode, owner, name, desc);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        afterNew = false;
        stack.jumpInsn(opcode, label);
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        afterNew = false;
        stack.ldcInsn(value);
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        afterNew = false;
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, net.bytebuddy.jar.asm.Handle bootstrap, Object... arguments) {
        afterNew = false;
        stack.invokeDynamicInsn(desc);
        super.visitInvokeDynamicInsn(name, desc, bootstrap, arguments);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        afterNew = false;
        stack.switchInsn(dflt, labels);
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        afterNew = false;
        stack.switchInsn(dflt, labels);
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitLabel(Label label) {
        stack.label(label);
        super.visitLabel(label);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
        stack.frame(type, numStack, stackTypes);
        super.visitFrame(type, numLocal, local, numStack, stackTypes);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        stack.handler(handler);
        super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 2, maxLocals);
    }

    /**
     * NEWARRAY's operand (T_BOOLEAN = 4 .. T_LONG = 11) to the element's Java name and descriptor.
     */
    private static final String[][] PRIMITIVES = {
            {"boolean", "Z"}, {"char", "C"}, {"float", "F"}, {"double", "D"},
            {"byte", "B"}, {"short", "S"}, {"int", "I"}, {"long", "J"}};

    private static String primitive(int operand) {
        int i = operand - Opcodes.T_BOOLEAN;
        return i >= 0 && i < PRIMITIVES.length ? PRIMITIVES[i][0] : null;
    }

    private static String primitiveDescriptor(int operand) {
        return PRIMITIVES[operand - Opcodes.T_BOOLEAN][1];
    }
}
