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

    private final int cap;
    private final ConcurrentHashMap<String, Site> sites = new ConcurrentHashMap<>();
    private final Site[] overflow = new Site[ResourceKind.values().length];
    private final AtomicLong overflowed = new AtomicLong();

    SiteTable(int cap) {
        this.cap = cap;
        for (ResourceKind k : ResourceKind.values()) {
            overflow[k.ordinal()] = new Site(OVERFLOW_FRAME, k);
        }
    }

    Site site(String frame, ResourceKind kind) {
        String key = kind.ordinal() + frame;
        Site s = sites.get(key); // lock-free on the common path: the site exists
        if (s != null) {
            return s;
        }
        if (sites.size() >= cap) {
            overflowed.incrementAndGet();
            return overflow[kind.ordinal()];
        }
        return sites.computeIfAbsent(key, k -> new Site(frame, kind));
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
