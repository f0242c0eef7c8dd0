package io.carillon.token;

import io.carillon.events.state.JoinTokenRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The join tokens this instance knows, by hash, and which hashes belong to which attendee of which
 * meeting, so that deleting an attendee or a meeting finds its tokens. Written by the projection
 * thread and by minting requests; every change of one meeting's entries happens inside one
 * {@code compute} on that meeting, so the two maps agree.
 */
final class TokenIndex {

    private final Map<String, JoinTokenRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<String>>> byMeeting = new ConcurrentHashMap<>();

    JoinTokenRecord get(String hash) {
        return byHash.get(hash);
    }

    void put(String hash, JoinTokenRecord token) {
        byMeeting.compute(token.meetingId(), (meetingId, attendees) -> {
            Map<String, Set<String>> hashes = attendees == null ? new HashMap<>() : attendees;
            hashes.computeIfAbsent(token.attendeeId(), attendeeId -> new HashSet<>()).add(hash);
            byHash.put(hash, token);
            return hashes;
        });
    }

    void remove(String hash) {
        JoinTokenRecord token = byHash.get(hash);
        if (token == null) {
            return;
        }
        byMeeting.computeIfPresent(token.meetingId(), (meetingId, attendees) -> {
            byHash.remove(hash);
            Set<String> hashes = attendees.get(token.attendeeId());
            if (hashes != null && hashes.remove(hash) && hashes.isEmpty()) {
                attendees.remove(token.attendeeId());
            }
            return attendees.isEmpty() ? null : attendees;
        });
    }

    /** Forgets the attendee's tokens and returns their hashes. */
    List<String> removeAttendee(String meetingId, String attendeeId) {
        List<String> removed = new ArrayList<>();
        byMeeting.computeIfPresent(meetingId, (id, attendees) -> {
            Set<String> hashes = attendees.remove(attendeeId);
            if (hashes != null) {
                hashes.forEach(byHash::remove);
                removed.addAll(hashes);
            }
            return attendees.isEmpty() ? null : attendees;
        });
        return removed;
    }

    /** Forgets the tokens of every attendee of the meeting and returns their hashes. */
    List<String> removeMeeting(String meetingId) {
        List<String> removed = new ArrayList<>();
        byMeeting.computeIfPresent(meetingId, (id, attendees) -> {
            attendees.values().forEach(hashes -> {
                hashes.forEach(byHash::remove);
                removed.addAll(hashes);
            });
            return null;
        });
        return removed;
    }
}
