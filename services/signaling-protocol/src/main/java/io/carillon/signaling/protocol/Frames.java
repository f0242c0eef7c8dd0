package io.carillon.signaling.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import java.util.Arrays;

/**
 * The WebSocket framing of Chime signaling: every binary message is one type byte and then a
 * protobuf {@link SdkSignalFrame}. We send {@code 0x05}; the client accepts 0x05 and 0x02 and so
 * do we.
 */
public final class Frames {

    public static final byte SIGNAL_FRAME = 0x05;
    private static final byte LEGACY_SIGNAL_FRAME = 0x02;

    private Frames() {
    }

    public static byte[] encode(SdkSignalFrame frame) {
        byte[] body = frame.toByteArray();
        byte[] message = new byte[body.length + 1];
        message[0] = SIGNAL_FRAME;
        System.arraycopy(body, 0, message, 1, body.length);
        return message;
    }

    /** @throws MalformedFrameException if the message is not a type byte and a complete frame */
    public static SdkSignalFrame decode(byte[] message) throws MalformedFrameException {
        if (message.length < 1 || (message[0] != SIGNAL_FRAME && message[0] != LEGACY_SIGNAL_FRAME)) {
            throw new MalformedFrameException("not a signal frame: unknown type byte");
        }
        try {
            return SdkSignalFrame.parseFrom(Arrays.copyOfRange(message, 1, message.length));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedFrameException("not a signal frame: " + e.getMessage());
        }
    }

    /** A frame of this type, stamped now; the client requires timestamp_ms and type. */
    public static SdkSignalFrame.Builder frame(SdkSignalFrame.Type type) {
        return SdkSignalFrame.newBuilder().setType(type).setTimestampMs(System.currentTimeMillis());
    }

    /** A message the client sent that is not a signal frame. */
    public static final class MalformedFrameException extends Exception {
        public MalformedFrameException(String message) {
            super(message, null, false, false);
        }
    }
}
