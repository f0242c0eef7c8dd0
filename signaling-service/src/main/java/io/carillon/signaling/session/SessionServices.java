package io.carillon.signaling.session;

import io.carillon.platform.kafka.LifecyclePublisher;
import io.carillon.signaling.SignalingConfig;
import io.carillon.signaling.data.DataMessageRelay;
import io.carillon.signaling.media.MediaRequests;
import io.carillon.signaling.metrics.ClientMetrics;
import io.carillon.signaling.presence.PresenceLog;
import io.carillon.signaling.turn.TurnCredentials;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * What a session works with; one bean, so that a session is built from one argument. A singleton,
 * not application-scoped: sessions read its fields, and a client proxy's fields are empty.
 */
@Singleton
public class SessionServices {

    @Inject
    SignalingConfig config;
    @Inject
    PresenceLog presence;
    @Inject
    LifecyclePublisher lifecycle;
    @Inject
    DataMessageRelay data;
    @Inject
    MediaRequests media;
    @Inject
    ClientMetrics metrics;
    @Inject
    LocalSessions sessions;
    @Inject
    InstanceId instance;
    @Inject
    TurnCredentials turn;
}
