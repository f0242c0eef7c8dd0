package io.carillon.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One m-section of an offer: {@code m=<kind> <port> <proto> <formats...>} and its lines.
 */
public record MediaSection(String kind, int port, String protocol, List<Integer> payloadTypes, List<String> lines) {

    static MediaSection of(String mLine, List<String> lines) {
        String[] parts = mLine.substring(2).trim().split(" +");
        if (parts.length < 3) {
            throw new SdpException("malformed m-line: " + SessionDescription.abbreviate(mLine));
        }
        int port;
        try {
            port = Integer.parseInt(parts[1].split("/")[0]);
        } catch (NumberFormatException e) {
            throw new SdpException("malformed m-line port: " + SessionDescription.abbreviate(mLine));
        }
        List<Integer> formats = new ArrayList<>();
        for (int i = 3; i < parts.length; i++) {
            try {
                formats.add(Integer.parseInt(parts[i]));
            } catch (NumberFormatException e) {
                // non-RTP formats (application m-lines): not payload types
            }
        }
        return new MediaSection(parts[0], port, parts[2], List.copyOf(formats), List.copyOf(lines));
    }

    public boolean isAudio() {
        return "audio".equals(kind);
    }

    public boolean isVideo() {
        return "video".equals(kind);
    }

    /** Port 0 in the offer: the client stopped this transceiver. */
    public boolean stopped() {
        return port == 0;
    }

    public Optional<String> mid() {
        return attribute("mid");
    }

    /** sendrecv / sendonly / recvonly / inactive as the offer says (sendrecv when absent, RFC 8866 6.7). */
    public String direction() {
        for (String line : lines) {
            switch (line) {
                case "a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive" -> {
                    return line.substring(2);
                }
                default -> {
                }
            }
        }
        return "sendrecv";
    }

    public Optional<String> attribute(String name) {
        return attribute(lines, name);
    }

    public List<String> attributes(String name) {
        String prefix = "a=" + name + ":";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** The payload type of a codec by encoding name (rtpmap, case-insensitive), in offer order. */
    public Optional<Integer> payloadType(String encodingName, int clockRate) {
        String wanted = (encodingName + "/" + clockRate).toLowerCase(Locale.ROOT);
        for (int pt : payloadTypes) {
            Optional<String> rtpmap = rtpmap(pt);
            if (rtpmap.isPresent() && rtpmap.get().toLowerCase(Locale.ROOT).startsWith(wanted)) {
                return Optional.of(pt);
            }
        }
        return Optional.empty();
    }

    public Optional<String> rtpmap(int pt) {
        return attributes("rtpmap").stream().filter(v -> v.startsWith(pt + " ")).map(v -> v.substring(v.indexOf(' ') + 1))
                .findFirst();
    }

    public Optional<String> fmtp(int pt) {
        return attributes("fmtp").stream().filter(v -> v.startsWith(pt + " ")).map(v -> v.substring(v.indexOf(' ') + 1))
                .findFirst();
    }

    /** The id the offer gives a header extension (a=extmap:<id> <uri>), or -1. */
    public int extensionId(String uri) {
        for (String value : attributes("extmap")) {
            String[] parts = value.split(" ");
            if (parts.length >= 2 && parts[1].equals(uri)) {
                try {
                    return Integer.parseInt(parts[0].split("/")[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The first SSRC the offer declares (a=ssrc:<ssrc> ...), or 0. */
    public long firstSsrc() {
        for (String value : attributes("ssrc")) {
            try {
                return Long.parseLong(value.split(" ")[0]);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static Optional<String> attribute(List<String> lines, String name) {
        String prefix = "a=" + name + ":";
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()).trim());
            }
            if (line.equals("a=" + name)) {
                return Optional.of("");
            }
        }
        return Optional.empty();
    }
}
