package io.memdiag.core.report;

import java.util.Map;

/**
 * What the ring buffer carried since the agent started.
 *
 * @param published events accepted by the ring
 * @param dropped   events dropped because the ring was full (never silently)
 * @param drained   events the sampler has consumed
 * @param capacity  ring slots
 * @param byType    drained events per type name
 */
public record EventStats(long published, long dropped, long drained, int capacity, Map<String, Long> byType) {
}
