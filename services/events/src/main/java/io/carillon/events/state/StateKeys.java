package io.carillon.events.state;

/** Record keys of {@code carillon.meeting-state}: {@code <meetingId>} or {@code <meetingId>/<attendeeId>}. */
public final class StateKeys {

    private static final char SEPARATOR = '/';

    private StateKeys() {
    }

    public static String meeting(String meetingId) {
        return meetingId;
    }

    public static String attendee(String meetingId, String attendeeId) {
        return meetingId + SEPARATOR + attendeeId;
    }

    /** The meeting a key belongs to: the part before the first '/'. */
    public static String meetingIdOf(String key) {
        int slash = key.indexOf(SEPARATOR);
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** The attendee id of an attendee key, null for a meeting key. */
    public static String attendeeIdOf(String key) {
        int slash = key.indexOf(SEPARATOR);
        return slash < 0 ? null : key.substring(slash + 1);
    }
}
