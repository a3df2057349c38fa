package io.memdiag.core.alloc;

import io.memdiag.core.resources.StackCapture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The distinct stacks of sampled allocations, keyed by a hash of their frames' classes, methods
 * and bytecode indices (cheap to read; line numbers are resolved only for a new stack). Capped:
 * past the cap a sample keeps no stack and is counted.
 */
final class StackTable {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final int capacity;
    private final int depth;
    private final ConcurrentHashMap<Long, StackTraceSample> stacks = new ConcurrentHashMap<>();
    private final AtomicLong overflow = new AtomicLong();

    StackTable(int capacity, int depth) {
        this.capacity = capacity;
        this.depth = depth;
    }

    /** The calling thread's stack from the allocating frame outward; null past the cap. */
    StackTraceSample capture(int site) {
        StackWalker.StackFrame[] frames = WALKER.walk(s -> s.dropWhile(f -> isAgent(f.getClassName()))
                .limit(depth).toArray(StackWalker.StackFrame[]::new));
        long key = site;
        for (StackWalker.StackFrame f : frames) {
            key = key * 31 + f.getClassName().hashCode();
            key = key * 31 + f.getMethodName().hashCode();
            key = key * 31 + f.getByteCodeIndex();
        }
        StackTraceSample known = stacks.get(key);
        if (known != null) {
            return known;
        }
        if (stacks.size() >= capacity) {
            overflow.incrementAndGet();
            return null;
        }
        List<String> formatted = new ArrayList<>(frames.length);
        for (StackWalker.StackFrame f : frames) {
            formatted.add(StackCapture.format(f));
        }
        String thread = Thread.currentThread().getName();
        return stacks.computeIfAbsent(key, k -> new StackTraceSample(site, List.copyOf(formatted), thread));
    }

    private static boolean isAgent(String className) {
        return className.startsWith("io.memdiag.bootstrap.") || className.startsWith("io.memdiag.agent.")
                || className.startsWith("io.memdiag.core.");
    }

    /** Every site's stacks, most bytes first, at most {@code limit} each: one pass over the table. */
    java.util.Map<Integer, List<StackTraceSample>> bySite(int limit) {
        java.util.Map<Integer, List<StackTraceSample>> grouped = new java.util.HashMap<>();
        for (StackTraceSample s : stacks.values()) {
            grouped.computeIfAbsent(s.site, k -> new ArrayList<>()).add(s);
        }
        java.util.Map<Integer, List<StackTraceSample>> result = new java.util.HashMap<>();
        for (java.util.Map.Entry<Integer, List<StackTraceSample>> e : grouped.entrySet()) {
            List<StackTraceSample> list = e.getValue();
            list.sort((a, b) -> Long.compare(b.bytes.get(), a.bytes.get()));
            result.put(e.getKey(), List.copyOf(list.subList(0, Math.min(limit, list.size()))));
        }
        return result;
    }

    long overflow() {
        return overflow.get();
    }

    int size() {
        return stacks.size();
    }

    void clear() {
        stacks.clear();
    }
}
