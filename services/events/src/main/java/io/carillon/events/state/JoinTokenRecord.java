package io.carillon.events.state;

/**
 * What a join token admits, stored on {@code carillon.join-tokens} under the token's SHA-256 hash.
 */
public record JoinTokenRecord(String meetingId, String attendeeId, long createdAtMillis) {
}
