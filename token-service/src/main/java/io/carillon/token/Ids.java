package io.carillon.token;

/** The form of the meeting and attendee ids the token API accepts. */
final class Ids {

    private static final int MAX_LENGTH = 256;

    private Ids() {
    }

    /** Present, not blank, not too long, and without the '/' that separates them in meeting-state keys. */
    static void require(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (id.length() > MAX_LENGTH || id.indexOf('/') >= 0) {
            throw new InvalidRequestException(field + " is not a valid id");
        }
    }
}
