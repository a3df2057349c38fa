package io.memdiag.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opening sites by line (the formatted frame) and kind, capped: a program that opens files
 * from generated code at ever new places must not grow the agent without bound. Beyond the cap,
 * opens are counted against one overflow site and the number of sites that could not be told
 * apart is reported.
 */
final class SiteTable {

    static final String OVERFLOW_FRAME = "(other sites: the site table is full)";
    static final String UNKNOWN_FRAME = "(opened by the JDK itself)";
    static final String UNATTRIBUTED_FRAME = "(site not looked up: beyond resources.walks)";

    /** Distinct opening frames remembered per site allowed: beyond, a new frame is formatted at each open. */
    static final int FRAMES_PER_SITE = 4;

    private final int cap;
    /** The sites, by their text (the formatted frame) and kind: two frames on one line are one site. */
    private final ConcurrentHashMap<Key, Site> sites = new ConcurrentHashMap<>();
    /** Frames already resolved to their site, so an open formats its frame only the first time. */
    private final ConcurrentHashMap<Key, Site> byFrame = new ConcurrentHashMap<>();

    /**
     * Where (a site's text, or a frame's {@link FrameKey}) and what kind: the key of both maps
     * (see {@link FrameKey} for why not a record).
     */
    private static final class Key {
        private final Object where;
        private final ResourceKind kind;

        Key(Object where, ResourceKind kind) {
            this.where = where;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && kind == k.kind && where.equals(k.where);
        }

        @Override
        public int hashCode() {
            return where.hashCode() * 31 + kind.ordinal();
        }
    }

    private final Site[] overflow = new Site[ResourceKind.values().length];
    private final AtomicLong overflowed = new AtomicLong();
    /** Per kind, the opens whose site was not looked up (see {@link SiteWalkBudget}): kept apart from the sites. */
    private final Site[] unattributed = new Site[ResourceKind.values().length];

    SiteTable(int cap) {
        this.cap = cap;
        for (ResourceKind k : ResourceKind.values()) {
            overflow[k.ordinal()] = new Site(OVERFLOW_FRAME, k);
            unattributed[k.ordinal()] = new Site(UNATTRIBUTED_FRAME, k);
        }
    }

    /** Where an open of this kind is counted when its site was not looked up. */
    Site unattributed(ResourceKind kind) {
        return unattributed[kind.ordinal()];
    }

    /** The kinds' unattributed records that saw an open. */
    List<Site> unattributed() {
        List<Site> seen = new ArrayList<>();
        for (Site s : unattributed) {
            if (s.opened() > 0) {
                seen.add(s);
            }
        }
        return seen;
    }

    /**
     * The site of this frame (null: only JDK and agent frames opened it). Found by the frame's
     * identity, which costs nothing to read; a new frame is formatted once and joins the site of
     * its text, so two opens on one line (two bytecode indexes) are one site, not two rows that
     * read the same and split the count.
     */
    Site site(StackWalker.StackFrame frame, ResourceKind kind) {
        if (frame == null) {
            return site(UNKNOWN_FRAME, kind);
        }
        Key key = new Key(FrameKey.of(frame), kind);
        Site s = byFrame.get(key); // lock-free on the common path: the frame is known
        if (s != null) {
            return s;
        }
        s = site(StackCapture.format(frame), kind);
        if (s != overflow[kind.ordinal()] && byFrame.size() < cap * FRAMES_PER_SITE) {
            byFrame.putIfAbsent(key, s);
        }
        return s;
    }

    /** The site of this text: a frame's, once formatted, or one without a frame (and tests). */
    Site site(String text, ResourceKind kind) {
        Key key = new Key(text, kind);
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
