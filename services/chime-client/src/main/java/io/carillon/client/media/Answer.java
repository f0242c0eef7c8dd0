package io.carillon.client.media;

import java.net.InetSocketAddress;

/** What the client needs from the server's SDP answer: where to send, ICE credentials, fingerprint. */
public record Answer(InetSocketAddress candidate, String iceUfrag, String icePwd, String fingerprint, int opusPayloadType) {

    public static Answer read(String sdp) {
        InetSocketAddress candidate = null;
        String ufrag = null;
        String pwd = null;
        String fingerprint = null;
        int opus = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=candidate:") && candidate == null) {
                String[] parts = line.split(" ");
                candidate = new InetSocketAddress(parts[4], Integer.parseInt(parts[5]));
            } else if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = line.substring("a=ice-ufrag:".length());
            } else if (line.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = line.substring("a=ice-pwd:".length());
            } else if (line.startsWith("a=fingerprint:") && fingerprint == null) {
                fingerprint = line.substring("a=fingerprint:".length());
            } else if (line.startsWith("a=rtpmap:") && line.contains(" opus/48000") && opus < 0) {
                opus = Integer.parseInt(line.substring("a=rtpmap:".length(), line.indexOf(' ')));
            }
        }
        if (candidate == null || ufrag == null || pwd == null || fingerprint == null || opus < 0) {
            throw new IllegalArgumentException("the answer lacks a candidate, ICE credentials, a fingerprint or opus:\n" + sdp);
        }
        return new Answer(candidate, ufrag, pwd, fingerprint, opus);
    }
}
