package io.carillon.signaling.data;

import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessagePayload;
import java.util.regex.Pattern;

/**
 * The limits the Chime client itself applies before sending a data message; the server applies
 * them again, because any client can skip its own checks.
 */
public final class DataMessageRules {

    /** Chime: a topic of 1-36 letters, digits, '-' or '_'. */
    private static final Pattern TOPIC = Pattern.compile("^[a-zA-Z0-9_-]{1,36}$");
    /** Chime: at most 2 KB of data per message. */
    public static final int MAX_DATA_BYTES = 2048;

    private DataMessageRules() {
    }

    /** Why the message is refused, or null if it is acceptable. */
    public static String violation(SdkDataMessagePayload message) {
        if (!message.hasTopic() || !TOPIC.matcher(message.getTopic()).matches()) {
            return "data message topic must match ^[a-zA-Z0-9_-]{1,36}$";
        }
        if (message.getData().size() > MAX_DATA_BYTES) {
            return "data message of " + message.getData().size() + " bytes exceeds " + MAX_DATA_BYTES + " bytes";
        }
        if (message.getLifetimeMs() < 0) { // uint32 on the wire: "negative" means >= 2^31
            return "data message lifetime must be >= 0 and below 2^31 ms";
        }
        return null;
    }
}
