package io.carillon.token;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer to a mint: the token, shown this once, and for a new attendee the hash that meeting-service
 * puts into the attendee's record (absent when token-service stored the hash itself).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MintedToken(String joinToken, String joinTokenHash) {

    static MintedToken stored(String joinToken) {
        return new MintedToken(joinToken, null);
    }
}
