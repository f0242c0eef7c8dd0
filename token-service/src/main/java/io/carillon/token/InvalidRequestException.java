package io.carillon.token;

/** A request to the token API lacks a field or has one of the wrong form (400). */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String reason) {
        super(reason, null, false, false);
    }
}
