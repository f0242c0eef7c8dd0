package io.carillon.token;

/** A join token admits nobody to the meeting asked about (403); the message says why. */
public class TokenRefusedException extends RuntimeException {

    public TokenRefusedException(String reason) {
        // A refusal is an answer, not a fault: no stack trace to fill.
        super(reason, null, false, false);
    }
}
