package io.carillon.meeting.api;

import static io.carillon.meeting.api.ChimeException.badRequest;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The field constraints of the Chime SDK Meetings service model. Each check names the field, so a
 * client learns exactly what to fix (BadRequestException).
 */
public final class FieldRules {

    private static final Pattern GUID = Pattern.compile("[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}");
    private static final Pattern CLIENT_REQUEST_TOKEN = Pattern.compile("[-_a-zA-Z0-9]*");
    private static final Pattern TENANT_ID = Pattern.compile("^(?!.*?(.)\\1{3})[-_!@#$a-zA-Z0-9]*$");
    private static final Pattern TAG_KEY = Pattern.compile("^[a-zA-Z+-=._:/]+$");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\s\\w+-=\\.:/@]*");
    private static final Pattern ARN = Pattern.compile("^arn:.*");
    private static final String RESERVED_PREFIX = "aws:";

    private FieldRules() {
    }

    public static String guid(String field, String value) {
        required(field, value);
        if (!GUID.matcher(value).matches()) {
            throw badRequest(field + " must be a GUID, got \"" + abbreviate(value) + "\".");
        }
        return value;
    }

    public static void required(String field, Object value) {
        if (value == null) {
            throw badRequest(field + " is required.");
        }
    }

    public static void length(String field, String value, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            throw badRequest(field + " must be " + min + " to " + max + " characters long.");
        }
    }

    public static void clientRequestToken(String value) {
        required("ClientRequestToken", value);
        length("ClientRequestToken", value, 2, 64);
        if (!CLIENT_REQUEST_TOKEN.matcher(value).matches()) {
            throw badRequest("ClientRequestToken may contain only letters, digits, '-' and '_'.");
        }
    }

    /** ExternalUserId, MeetingHostId, ExternalMeetingId: 2-64 characters, "aws:" reserved. */
    public static void externalId(String field, String value, boolean required) {
        if (required) {
            required(field, value);
        }
        length(field, value, 2, 64);
        if (value != null && value.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
            throw badRequest(field + " must not start with the reserved prefix \"aws:\".");
        }
    }

    public static void tenantIds(List<String> tenantIds) {
        if (tenantIds == null) {
            return;
        }
        if (tenantIds.isEmpty() || tenantIds.size() > 5) {
            throw badRequest("TenantIds must hold 1 to 5 entries.");
        }
        for (String id : tenantIds) {
            required("TenantIds entry", id);
            length("TenantIds entry", id, 2, 256);
            if (!TENANT_ID.matcher(id).matches()) {
                throw badRequest("TenantIds entry \"" + abbreviate(id) + "\" has characters that are not allowed "
                        + "or a character repeated four times.");
            }
        }
    }

    public static void tag(String key, String value) {
        required("Tag Key", key);
        required("Tag Value", value);
        length("Tag Key", key, 1, 128);
        length("Tag Value", value, 0, 256);
        if (!TAG_KEY.matcher(key).matches()) {
            throw badRequest("Tag Key \"" + abbreviate(key) + "\" has characters that are not allowed.");
        }
        if (!TAG_VALUE.matcher(value).matches()) {
            throw badRequest("Tag Value for key \"" + abbreviate(key) + "\" has characters that are not allowed.");
        }
        if (key.startsWith(RESERVED_PREFIX)) {
            throw badRequest("Tag Key must not start with the reserved prefix \"aws:\".");
        }
    }

    public static void arn(String field, String value) {
        required(field, value);
        length(field, value, 1, 1011);
        if (!ARN.matcher(value).matches()) {
            throw badRequest(field + " must be an ARN.");
        }
    }

    public static <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw badRequest(field + " must be one of " + List.of(type.getEnumConstants()) + ", got \""
                    + abbreviate(value) + "\".");
        }
    }

    public static void listSize(String field, List<?> list, int min, int max) {
        required(field, list);
        if (list.size() < min || list.size() > max) {
            throw badRequest(field + " must hold " + min + " to " + max + " entries, got " + list.size() + ".");
        }
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
