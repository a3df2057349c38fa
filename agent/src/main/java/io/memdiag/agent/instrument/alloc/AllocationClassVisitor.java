package io.memdiag.agent.instrument.alloc;

import io.memdiag.core.alloc.AllocationSites;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/** Gives every method with code an {@link AllocationMethodVisitor}; counts the hooks inserted. */
final class AllocationClassVisitor extends ClassVisitor {

    private final AllocationSites sites;
    private final List<AllocationMethodVisitor> methods = new ArrayList<>();
    private String className;
    private String sourceFile;
    private AllocationSites.Visit visit;

    AllocationClassVisitor(ClassVisitor next, AllocationSites sites) {
        super(Opcodes.ASM9, next);
        this.sites = sites;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        sourceFile = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return mv;
        }
        if (visit == null) {
            visit = sites.visit(className, sourceFile); // the source attribute comes before the methods
        }
        AllocationMethodVisitor m = new AllocationMethodVisitor(mv, visit, name);
        methods.add(m);
        return m;
    }

    int hooks() {
        int n = 0;
        for (AllocationMethodVisitor m : methods) {
            n += m.hooks();
        }
        return n;
    }
}
