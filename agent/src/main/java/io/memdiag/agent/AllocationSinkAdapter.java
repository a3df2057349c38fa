package io.memdiag.agent;

import io.memdiag.bootstrap.AllocationSink;
import io.memdiag.core.alloc.AllocationSampler;

import java.lang.instrument.Instrumentation;

/** Connects the bootstrap allocation hooks to the engine's sampler and to the JVM's object sizes. */
final class AllocationSinkAdapter implements AllocationSink {

    private final AllocationSampler sampler;
    private final Instrumentation inst;

    AllocationSinkAdapter(AllocationSampler sampler, Instrumentation inst) {
        this.sampler = sampler;
        this.inst = inst;
    }

    @Override
    public long sampled(Object object, long bytes, int site, int stripe) {
        return sampler.sampled(object, bytes, site, stripe);
    }

    @Override
    public long sizeOf(Object object) {
        return inst.getObjectSize(object);
    }

    @Override
    public long firstInterval(int stripe) {
        return sampler.firstInterval(stripe);
    }

    /** Bytes in an array's header on this JVM (16 with compressed class pointers, 12 with compact headers). */
    static int arrayHeader(Instrumentation inst) {
        return (int) inst.getObjectSize(new byte[0]);
    }

    /** log2 of a reference's size in an array: 2 with compressed oops, 3 without. */
    static int referenceShift(Instrumentation inst) {
        long eight = inst.getObjectSize(new Object[8]);
        long zero = inst.getObjectSize(new Object[0]);
        return eight - zero >= 64 ? 3 : 2;
    }

    /**
     * The size from which G1 allocates an object as humongous (half a region), or
     * {@code Long.MAX_VALUE} under another collector or when the flags cannot be read.
     */
    static long humongousThreshold() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean flags = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!"true".equals(flags.getVMOption("UseG1GC").getValue())) {
                return Long.MAX_VALUE;
            }
            long region = Long.parseLong(flags.getVMOption("G1HeapRegionSize").getValue());
            return region > 0 ? region / 2 : Long.MAX_VALUE;
        } catch (RuntimeException | LinkageError e) {
            return Long.MAX_VALUE;
        }
    }
}
