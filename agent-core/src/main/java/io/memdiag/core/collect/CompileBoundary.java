package io.memdiag.core.collect;

import java.util.function.Supplier;

/**
 * Runs the parts of the sampler's work so that C2 compiles each on its own, not inside its
 * caller. The parts are called in a loop over an array, from one call site shared by every caller:
 * C2 cannot tell which part an element is, and the site's type profile has seen many, so it
 * makes a virtual call there instead of inlining. Written as straight calls, C2 compiled a
 * sample's whole work as one method with everything it calls inlined: 22.3 MB of compiler memory
 * for {@code MemdiagEngine::tick} (JDK 25, {@code bench.CompilerMemory}, which samples twenty
 * times as often as the defaults). At one sample a second that compilation comes after about
 * 5,000 samples, some 80 minutes in, and the C library keeps the memory a compilation once
 * needed, so RSS would step up for good then. (Passing each part to a method that calls it is
 * not enough: C2 inlined through such calls, 11.7 MB.) Only for code run once a sample or less.
 */
public final class CompileBoundary {

    private CompileBoundary() {
    }

    public static void runEach(Runnable[] parts) {
        for (Runnable part : parts) {
            part.run();
        }
    }

    /** Each part's result, in order. */
    public static Object[] getEach(Supplier<?>[] parts) {
        Object[] results = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            results[i] = parts[i].get();
        }
        return results;
    }
}
