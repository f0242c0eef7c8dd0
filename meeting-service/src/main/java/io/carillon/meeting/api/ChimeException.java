package io.carillon.meeting.api;

/** A request refused with a Chime error code; the mapper turns it into Chime's error response. */
public class ChimeException extends RuntimeException {

    private final ChimeError error;

    public ChimeException(ChimeError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ChimeError error() {
        return error;
    }

    public static ChimeException badRequest(String message) {
        return new ChimeException(ChimeError.BadRequestException, message);
    }

    public static ChimeException notFound(String message) {
        return new ChimeException(ChimeError.NotFoundException, message);
    }
}
