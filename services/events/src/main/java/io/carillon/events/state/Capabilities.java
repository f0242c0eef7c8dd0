package io.carillon.events.state;

import java.util.Objects;

/** An attendee's audio, video and content capabilities. */
public record Capabilities(MediaCapability audio, MediaCapability video, MediaCapability content) {

    /** Chime's default when a request leaves them out. */
    public static final Capabilities ALL = new Capabilities(MediaCapability.SendReceive, MediaCapability.SendReceive,
            MediaCapability.SendReceive);

    public Capabilities {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(content, "content");
    }
}
