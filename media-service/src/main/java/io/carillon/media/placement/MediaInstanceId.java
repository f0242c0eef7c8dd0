package io.carillon.media.placement;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This media instance's id, new at every start: replies and placement records name it. */
@ApplicationScoped
public class MediaInstanceId {

    private final String id = "media-" + UUID.randomUUID();

    public String value() {
        return id;
    }
}
