package io.carillon.token;

/** Body of {@code POST /internal/v1/join-tokens/validate}: a token as a client presented it. */
public record ValidationRequest(String meetingId, String joinToken) {

    /**
     * The request, if it names a meeting and carries a token. What the token looks like is not
     * checked here: a malformed token is refused (403) like any other invalid one.
     */
    static ValidationRequest require(ValidationRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body with meetingId and joinToken is required");
        }
        Ids.require("meetingId", request.meetingId());
        if (request.joinToken() == null) {
            throw new InvalidRequestException("joinToken is required");
        }
        return request;
    }
}
