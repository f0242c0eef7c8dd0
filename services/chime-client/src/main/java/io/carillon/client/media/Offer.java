package io.carillon.client.media;

/**
 * The SDP offer a Chromium peer connection of amazon-chime-sdk-js makes for an audio join: audio
 * (Opus 111, optionally RED 63 first, ssrc-audio-level as extension 1, sendrecv) and the camera
 * section inactive, BUNDLE, rtcp-mux, DTLS {@code actpass}, every candidate inside.
 */
public final class Offer {

    public static final int OPUS = 111;
    public static final int RED = 63;
    public static final int AUDIO_LEVEL_EXTENSION = 1;

    private Offer() {
    }

    public static String audio(String ufrag, String pwd, String fingerprint, String host, int port, long ssrc, boolean red) {
        String nl = "\r\n";
        String transport = "a=ice-ufrag:" + ufrag + nl
                + "a=ice-pwd:" + pwd + nl
                + "a=ice-options:trickle" + nl
                + "a=fingerprint:sha-256 " + fingerprint + nl
                + "a=setup:actpass" + nl;
        return "v=0" + nl
                + "o=mozilla-chrome 4611731400430051336 2 IN IP4 127.0.0.1" + nl
                + "s=-" + nl
                + "t=0 0" + nl
                + "a=group:BUNDLE 0 1" + nl
                + "a=extmap-allow-mixed" + nl
                + "a=msid-semantic: WMS carillon-client" + nl
                + "m=audio " + port + " UDP/TLS/RTP/SAVPF " + (red ? RED + " " : "") + OPUS + nl
                + "c=IN IP4 " + host + nl
                + "a=rtcp:9 IN IP4 0.0.0.0" + nl
                + "a=candidate:1 1 udp 2122260223 " + host + " " + port + " typ host generation 0" + nl
                + transport
                + "a=mid:0" + nl
                + "a=extmap:" + AUDIO_LEVEL_EXTENSION + " urn:ietf:params:rtp-hdrext:ssrc-audio-level" + nl
                + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid" + nl
                + "a=sendrecv" + nl
                + "a=msid:carillon-client audio" + nl
                + "a=rtcp-mux" + nl
                + "a=rtcp-rsize" + nl
                + (red ? "a=rtpmap:" + RED + " red/48000/2" + nl + "a=fmtp:" + RED + " " + OPUS + "/" + OPUS + nl : "")
                + "a=rtpmap:" + OPUS + " opus/48000/2" + nl
                + "a=rtcp-fb:" + OPUS + " transport-cc" + nl
                + "a=fmtp:" + OPUS + " minptime=10;useinbandfec=1" + nl
                + "a=ssrc:" + ssrc + " cname:carillon-client" + nl
                + "a=ssrc:" + ssrc + " msid:carillon-client audio" + nl
                + "m=video 9 UDP/TLS/RTP/SAVPF 96" + nl
                + "c=IN IP4 0.0.0.0" + nl
                + "a=rtcp:9 IN IP4 0.0.0.0" + nl
                + transport
                + "a=mid:1" + nl
                + "a=inactive" + nl
                + "a=rtcp-mux" + nl
                + "a=rtpmap:96 VP8/90000" + nl;
    }
}
