package io.memdiag.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opening sites by frame and kind, capped: a program that opens files from generated code at
 * ever new places must not grow the agent without bound. Beyond the cap, opens are counted
 * against one overflow site and the number of sites that could not be told apart is reported.
 */
final class SiteTable {

    static final String OVERFLOW_FRAME = "(other sites: the site table is full)";
    static final String UNKNOWN_FRAME = "(opened by the JDK itself)";

    private final int cap;
    private final ConcurrentHashMap<Key, Site> sites = new ConcurrentHashMap<>();

    /** A site's identity: where it was opened, and what (see {@link FrameKey} for why not a record). */
    private static final class Key {
        private final FrameKey frame;
        private final ResourceKind kind;

        Key(FrameKey frame, ResourceKind kind) {
            this.frame = frame;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && kind == k.kind && frame.equals(k.frame);
        }

        @Override
        public int hashCode() {
            return frame.hashCode() * 31 + kind.ordinal();
        }
    }

    private final Site[] overflow = new Site[ResourceKind.values().length];
    private final AtomicLong overflowed = new AtomicLong();

    SiteTable(int cap) {
        this.cap = cap;
        for (ResourceKind k : ResourceKind.values()) {
            overflow[k.ordinal()] = new Site(OVERFLOW_FRAME, k);
        }
    }

    /** The site of this frame (null: only JDK and agent frames opened it). */
    Site site(StackWalker.StackFrame frame, ResourceKind kind) {
        if (frame == null) {
            return site(UNKNOWN_FRAME, kind);
        }
        Key key = new Key(FrameKey.of(frame), kind);
        Site s = sites.get(key); // lock-free on the common path: the site exists
        if (s != null) {
            return s;
        }
        if (sites.size() >= cap) {
            overflowed.incrementAndGet();
            return overflow[kind.ordinal()];
        }
        return sites.computeIfAbsent(key, k -> new Site(StackCapture.format(frame), kind));
    }

    /** For tests and frames without a class: a site known by its text alone. */
    Site site(String text, ResourceKind kind) {
        Key key = new Key(new FrameKey(SiteTable.class, text, -1), kind);
        Site s = sites.get(key);
        if (s != null) {
            return s;
        }
        if (sites.size() >= cap) {
            overflowed.incrementAndGet();
            return overflow[kind.ordinal()];
        }
        return sites.computeIfAbsent(key, k -> new Site(text, kind));
    }

    List<Site> all() {
        List<Site> all = new ArrayList<>(sites.values());
        for (Site s : overflow) {
            if (s.opened() > 0) {
                all.add(s);
            }
        }
        return all;
    }

    long overflowed() {
        return overflowed.get();
    }
}
