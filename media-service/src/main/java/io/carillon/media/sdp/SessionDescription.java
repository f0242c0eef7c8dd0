package io.carillon.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SDP offer as the media service reads it (RFC 8866): session-level attributes and the media
 * sections in order. Bounded: an offer with more than {@link #MAX_SECTIONS} sections or
 * {@link #MAX_LINES} lines is refused.
 */
public record SessionDescription(List<String> sessionLines, List<MediaSection> sections) {

    static final int MAX_LINES = 4000;
    static final int MAX_SECTIONS = 64;

    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("empty SDP offer");
        }
        String[] lines = sdp.split("\r?\n");
        if (lines.length > MAX_LINES) {
            throw new SdpException("SDP offer has too many lines");
        }
        if (!lines[0].startsWith("v=0")) {
            throw new SdpException("SDP offer must start with v=0");
        }
        List<String> session = new ArrayList<>();
        List<MediaSection> sections = new ArrayList<>();
        List<String> current = null;
        String mLine = null;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("malformed SDP line: " + abbreviate(line));
            }
            if (line.startsWith("m=")) {
                if (current != null) {
                    sections.add(MediaSection.of(mLine, current));
                }
                if (sections.size() >= MAX_SECTIONS) {
                    throw new SdpException("SDP offer has too many media sections");
                }
                mLine = line;
                current = new ArrayList<>();
            } else if (current != null) {
                current.add(line);
            } else {
                session.add(line);
            }
        }
        if (current != null) {
            sections.add(MediaSection.of(mLine, current));
        }
        if (sections.isEmpty()) {
            throw new SdpException("SDP offer has no media section");
        }
        return new SessionDescription(List.copyOf(session), List.copyOf(sections));
    }

    /** A session-level attribute ({@code a=name:value}), or the first section's (browsers repeat ICE/DTLS per section). */
    public Optional<String> attribute(String name) {
        Optional<String> session = MediaSection.attribute(sessionLines, name);
        return session.isPresent() ? session : sections.get(0).attribute(name);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
