package io.carillon.signaling.session;

import io.carillon.signaling.presence.PresenceListener;
import io.carillon.signaling.presence.PresenceLog;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfo;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions this instance holds, by id and by meeting, and what reaches all of a meeting's. */
@ApplicationScoped
public class LocalSessions implements PresenceListener {

    private final Map<String, SignalingSession> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<SignalingSession>> byMeeting = new ConcurrentHashMap<>();

    @Inject
    PresenceLog presence;

    void onStart(@Observes StartupEvent event) {
        presence.listen(this);
    }

    /**
     * A stopping instance (rolling restart, scale-down) closes its sessions with 4503: after the
     * start, the Chime client reconnects only on 1006 and 4500-4599 (client-behaviour.md §6), and
     * its new WebSocket reaches another instance.
     */
    void onStop(@Observes ShutdownEvent event) {
        for (SignalingSession session : all()) {
            session.close(SignalingSession.CLOSE_RETRY_LATER, "server restarting; reconnect");
        }
    }

    void add(SignalingSession session) {
        byId.put(session.id(), session);
        byMeeting.computeIfAbsent(session.meetingId(), id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(SignalingSession session) {
        byId.remove(session.id());
        byMeeting.computeIfPresent(session.meetingId(), (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    SignalingSession byId(String sessionId) {
        return byId.get(sessionId);
    }

    public Collection<SignalingSession> ofMeeting(String meetingId) {
        Set<SignalingSession> sessions = byMeeting.get(meetingId);
        return sessions == null ? List.of() : List.copyOf(sessions);
    }

    public Collection<SignalingSession> all() {
        return List.copyOf(byId.values());
    }

    public int count() {
        return byId.size();
    }

    @Override
    public void rosterChanged(String meetingId, List<SdkAudioStreamIdInfo> changes) {
        for (SignalingSession session : ofMeeting(meetingId)) {
            session.sendRosterChanges(changes);
        }
    }

    @Override
    public void sessionReplaced(String replacedSessionId, boolean sameDevice) {
        SignalingSession replaced = byId.get(replacedSessionId);
        if (replaced != null) {
            replaced.replacedByNewerSession(sameDevice);
        }
    }
}
