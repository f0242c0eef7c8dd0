package io.carillon.token;

import java.util.regex.Pattern;

/**
 * A join token as a client presents it: the secret, optionally followed by {@code #content}, which
 * the Chime client appends for the attendee's content-share session.
 */
record PresentedToken(String secret, String modality) {

    /** Longer input is refused before any other look at it. */
    static final int MAX_LENGTH = 2048;
    static final String CONTENT = "content";

    private static final String CONTENT_SUFFIX = "#" + CONTENT;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{" + JoinTokens.LENGTH + "}");

    static PresentedToken parse(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_LENGTH) {
            throw new TokenRefusedException("malformed join token");
        }
        boolean content = presented.endsWith(CONTENT_SUFFIX);
        String secret = content ? presented.substring(0, presented.length() - CONTENT_SUFFIX.length()) : presented;
        // Only what JoinTokens can have made is worth a lookup.
        if (!SECRET.matcher(secret).matches()) {
            throw new TokenRefusedException("malformed join token");
        }
        return new PresentedToken(secret, content ? CONTENT : null);
    }
}
