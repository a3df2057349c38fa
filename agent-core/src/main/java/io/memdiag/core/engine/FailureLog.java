package io.memdiag.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's own failures, each remembered once. A failure that repeats every second must
 * not flood the log or grow memory: the set is capped and further distinct failures are
 * only counted. Reports list them as notes so the operator sees what the agent could not do.
 */
public final class FailureLog {

    private static final int CAP = 32;

    private final Set<String> seen = new LinkedHashSet<>();
    private long overflow;
    private final org.slf4j.Logger log;

    /** @param log where a failure is written the first time; may be null before logging is up */
    public FailureLog(org.slf4j.Logger log) {
        this.log = log;
    }

    /** Records the failure; returns true the first time this key is seen. */
    public synchronized boolean once(String key, Throwable t) {
        String line = key + ": " + t;
        if (seen.contains(line)) {
            return false;
        }
        if (seen.size() >= CAP) {
            overflow++;
            return false;
        }
        seen.add(line);
        if (log != null) {
            try {
                log.warn("memdiag internal failure (logged once, the application is not affected): {}", line, t);
            } catch (Throwable loggingFailed) {
                // the log itself is broken (disk full, agent jar replaced under us): the report's
                // notes still carry the failure, and nothing may escape to the host
            }
        }
        return true;
    }

    public synchronized List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (String s : seen) {
            notes.add("agent failure: " + s);
        }
        if (overflow > 0) {
            notes.add("agent failures not listed (cap " + CAP + "): " + overflow);
        }
        return notes;
    }
}
