package io.carillon.token;

/** Body of {@code POST /internal/v1/join-tokens}: the attendee a new token is for. */
public record MintRequest(String meetingId, String attendeeId) {

    /** The request, if both ids are usable as parts of a meeting-state key. */
    static MintRequest require(MintRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body with meetingId and attendeeId is required");
        }
        Ids.require("meetingId", request.meetingId());
        Ids.require("attendeeId", request.attendeeId());
        return request;
    }
}
