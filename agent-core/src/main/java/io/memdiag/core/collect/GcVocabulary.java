package io.memdiag.core.collect;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance of each collector name, action and cause ("G1 Young Generation", "end of
 * minor GC", "G1 Evacuation Pause"). Every GC notification carries fresh copies of these
 * strings, and the history keeps thousands of GC points: three private copies each came to about
 * 140 bytes a point, some 0.6 MB of the agent's live heap once 4,096 points are kept, which G1
 * then sized the committed heap from.
 *
 * <p>The JVM's vocabulary is a few dozen words; the table still has a cap, past which a string
 * is kept as it came.
 */
final class GcVocabulary {

    static final int MAX_WORDS = 128;

    private final ConcurrentHashMap<String, String> words = new ConcurrentHashMap<>();

    String canonical(String word) {
        if (word == null) {
            return null;
        }
        String known = words.get(word);
        if (known != null) {
            return known;
        }
        if (words.size() >= MAX_WORDS) {
            return word;
        }
        String previous = words.putIfAbsent(word, word);
        return previous != null ? previous : word;
    }

    int size() {
        return words.size();
    }
}
