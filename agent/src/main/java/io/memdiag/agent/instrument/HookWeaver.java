package io.memdiag.agent.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves a class's {@link Hook}s into the methods they name. Records the class's fields first
 * (ASM visits them before the methods), because some hooks read one. Counts what it wove and
 * keeps the reason for any hook it could not weave.
 */
final class HookWeaver extends ClassVisitor {

    private final List<Hook> hooks;
    private final Map<String, String> fields = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private String owner;
    private int woven;

    HookWeaver(ClassVisitor next, List<Hook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public net.bytebuddy.jar.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        if ((access & Opcodes.ACC_STATIC) == 0) {
            fields.put(name, descriptor);
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return mv;
        }
        List<Hook> atEntry = new ArrayList<>(1);
        List<Hook> atExit = new ArrayList<>(1);
        for (Hook h : hooks) {
            if (h.matches(name, descriptor)) {
                (h.atEntry() ? atEntry : atExit).add(h);
            }
        }
        if (atEntry.isEmpty() && atExit.isEmpty()) {
            return mv;
        }
        return new HookedMethod(mv, descriptor, (access & Opcodes.ACC_STATIC) != 0, atEntry, atExit);
    }

    int woven() {
        return woven;
    }

    List<String> problems() {
        return problems;
    }

    private final class HookedMethod extends MethodVisitor {
        private final String descriptor;
        private final boolean isStatic;
        private final List<Hook> atEntry;
        private final List<Hook> atExit;

        HookedMethod(MethodVisitor next, String descriptor, boolean isStatic, List<Hook> atEntry, List<Hook> atExit) {
            super(Opcodes.ASM9, next);
            this.descriptor = descriptor;
            this.isStatic = isStatic;
            this.atEntry = atEntry;
            this.atExit = atExit;
        }

        /**
         * Before the first instruction. Should the original code jump back to its offset 0, the
         * label and frame ASM visits next land after the woven call, which runs once.
         */
        @Override
        public void visitCode() {
            super.visitCode();
            emit(atEntry);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                emit(atExit);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + Hook.EXTRA_STACK, maxLocals);
        }

        private void emit(List<Hook> list) {
            for (Hook h : list) {
                String problem = h.emit(mv, owner, descriptor, isStatic, fields);
                if (problem == null) {
                    woven++;
                } else if (!problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
    }
}
