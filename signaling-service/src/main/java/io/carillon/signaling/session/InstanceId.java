package io.carillon.signaling.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This signaling instance's id, new at every start: replies and session ownership name it. */
@ApplicationScoped
public class InstanceId {

    private final String id = "signaling-" + UUID.randomUUID();

    public String value() {
        return id;
    }
}
