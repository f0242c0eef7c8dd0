package io.carillon.events.signaling;

/**
 * A data message as the server accepted it: sender stamped by the server, ingest time in ns.
 *
 * @param senderSessionId the sending session, which does not get its own message back
 */
public record DataMessageRecord(String meetingId, String topic, byte[] data, long lifetimeMs, String senderAttendeeId,
        String senderExternalUserId, String senderSessionId, long ingestTimeNs) {
}
