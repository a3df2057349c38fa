package io.memdiag.agent.instrument;

import io.memdiag.core.engine.FailureLog;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Retransforms many application classes without stalling the application: in batches, with a
 * pause between them.
 *
 * <p>Why batches: each {@code retransformClasses} call is one safepoint operation, during which
 * every application thread waits. One call for a few thousand classes is one long stall (tens
 * to hundreds of milliseconds on a small machine); one call per class is thousands of short
 * stalls with their fixed cost each. Batches of a hundred keep each stall short, and the pause
 * between batches lets the application run. Allocation hooks can change class by class because,
 * unlike resource hooks, nothing pairs an event in one class with an event in another; the JDK
 * classes with resource hooks are retransformed in {@link #oneBatch one batch}.
 */
public final class PacedRetransformation {

    /** Classes per {@code retransformClasses} call. */
    public static final int BATCH = 100;
    /** The application's time between two batches. */
    public static final long PAUSE_MS = 10;

    private final FailureLog failures;
    private final int batch;
    private final long pauseMs;
    private int batches;

    public PacedRetransformation(FailureLog failures) {
        this(failures, BATCH, PAUSE_MS);
    }

    /** Everything in one call: for classes that must change together (see JdkHookTransformer). */
    public static PacedRetransformation oneBatch(FailureLog failures) {
        return new PacedRetransformation(failures, Integer.MAX_VALUE, 0);
    }

    PacedRetransformation(FailureLog failures, int batch, long pauseMs) {
        this.failures = failures;
        this.batch = batch;
        this.pauseMs = pauseMs;
    }

    /**
     * Retransforms {@code classes}, {@code what} naming the purpose in failure notes. A batch
     * that fails (a class unloaded meanwhile, a verifier's refusal) is retried one class at a
     * time, so one bad class costs only itself.
     *
     * @return how many classes were retransformed
     */
    public int run(Instrumentation inst, List<Class<?>> classes, String what) {
        int done = 0;
        for (int from = 0; from < classes.size(); from += batch) {
            if (from > 0 && !pause()) {
                break;
            }
            List<Class<?>> slice = classes.subList(from, Math.min(classes.size(), from + batch));
            batches++;
            try {
                inst.retransformClasses(slice.toArray(new Class<?>[0]));
                done += slice.size();
            } catch (Throwable batchFailure) {
                for (Class<?> c : slice) {
                    try {
                        inst.retransformClasses(c);
                        done++;
                    } catch (Throwable t) {
                        failures.once(what + " " + c.getName(), t);
                    }
                }
            }
        }
        return done;
    }

    /** Batches run so far, for the report's note on what the attach cost. */
    public int batches() {
        return batches;
    }

    /** @return false when interrupted: the agent is stopping, the rest stays as it is */
    private boolean pause() {
        try {
            Thread.sleep(pauseMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
