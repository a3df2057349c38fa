package io.memdiag.agent.instrument.alloc;

import io.memdiag.core.alloc.AllocationSites;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.Map;

/**
 * Byte Buddy's hook for rewriting a class's method bodies: every method with code gets an
 * {@link AllocationMethodVisitor}, which calls {@code io.memdiag.bootstrap.Allocations} after
 * each allocation. Changes method bodies only, so it also applies to classes already loaded
 * (retransformation cannot add members).
 */
public final class AllocationVisitorWrapper extends AsmVisitorWrapper.AbstractBase {

    private final AllocationSites sites;

    public AllocationVisitorWrapper(AllocationSites sites) {
        this.sites = sites;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor, Implementation.Context context,
                             TypePool typePool, FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        Map<String, MethodDescription> byNameAndDescriptor = new HashMap<>();
        for (MethodDescription m : methods) {
            byNameAndDescriptor.put(m.getInternalName() + m.getDescriptor(), m);
        }
        return new ClassVisitor(Opcodes.ASM9, classVisitor) {
            private String sourceFile;
            private AllocationSites.Visit visit;

            @Override
            public void visitSource(String source, String debug) {
                sourceFile = source;
                super.visitSource(source, debug);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                MethodDescription method = byNameAndDescriptor.get(name + descriptor);
                if (mv == null || method == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                        || !AllocationMethodVisitor.available()) {
                    return mv;
                }
                if (visit == null) {
                    visit = sites.visit(instrumentedType.getName(), sourceFile); // the source attribute comes before methods
                }
                return new AllocationMethodVisitor(mv, method, visit, name);
            }
        };
    }
}
