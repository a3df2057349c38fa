package io.memdiag.core.model;

/**
 * The memory controller of the cgroup the process lives in (v2 {@code memory.max},
 * {@code memory.current}, {@code memory.events}; v1 {@code memory.limit_in_bytes},
 * {@code memory.usage_in_bytes}, {@code memory.oom_control}).
 *
 * @param version  1 or 2
 * @param path     the cgroup directory that was read
 * @param limit    bytes, or {@link #UNLIMITED}
 * @param usage    bytes charged to the cgroup (includes page cache), or -1
 * @param oomKills OOM kills recorded for the cgroup, or -1 where the kernel does not say
 */
public record CgroupMemory(int version, String path, long limit, long usage, long oomKills) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    public boolean limited() {
        return limit != UNLIMITED && limit > 0;
    }
}
