package io.camelchat.simulator.symphony;

/**
 * A snapshot of one datafeed.
 *
 * @param id        feed id
 * @param version   {@code v1} or {@code v2}
 * @param tag       v2 tag given on create, or {@code null}
 * @param createdAt epoch ms
 * @param reads     number of read requests answered or pending
 * @param queued    events waiting (not yet delivered, or delivered but not acknowledged)
 * @param active    {@code false} once deleted, lost or expired
 */
public record DatafeedInfo(String id, String version, String tag, long createdAt, int reads, int queued,
        boolean active) {
}
