package io.carillon.media.sdp;

/** An offer the media service cannot answer; the message is safe to show to the client. */
public class SdpException extends RuntimeException {

    public SdpException(String message) {
        super(message);
    }
}
