package io.carillon.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the SDP answer the Chime client needs (client-behaviour.md §2): ICE-lite, BUNDLE over
 * every live section, rtcp-mux, DTLS server role, the audio section {@code sendrecv} with an msid
 * and an Opus fmtp line (the client edits that line to apply its audio profile), video sections
 * {@code inactive} (never port 0 unless the offer stopped them) until the video SFU exists.
 */
public final class AnswerBuilder {

    static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** The msid of the mixed audio: the client binds the track's MediaStream to its audio element. */
    static final String AUDIO_STREAM = "carillon-mix";
    static final String AUDIO_TRACK = "carillon-mix-audio";

    private final TransportParameters transport;
    private final long sessionId;
    private final long audioSsrc;
    private final boolean acceptRed;

    /**
     * @param sessionId  o= line session id, constant per peer connection
     * @param audioSsrc  the SSRC of the mix we send this client
     * @param acceptRed  answer RED first when the offer puts it first (the client then sends RFC 2198)
     */
    public AnswerBuilder(TransportParameters transport, long sessionId, long audioSsrc, boolean acceptRed) {
        this.transport = transport;
        this.sessionId = sessionId;
        this.audioSsrc = audioSsrc;
        this.acceptRed = acceptRed;
    }

    public record Answer(String sdp, AudioNegotiation audio) {
    }

    /** @param version o= line version, grows with each answer on the same connection */
    public Answer answer(SessionDescription offer, int version) {
        List<MediaSection> sections = offer.sections();
        List<String> bundle = new ArrayList<>();
        for (MediaSection section : sections) {
            if (!section.stopped()) {
                bundle.add(section.mid().orElseThrow(() -> new SdpException("every media section needs a=mid")));
            }
        }
        if (!sections.get(0).isAudio() || sections.get(0).stopped()) {
            throw new SdpException("the first media section must be live audio");
        }
        StringBuilder sdp = new StringBuilder(2048);
        line(sdp, "v=0");
        line(sdp, "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        line(sdp, "a=ice-lite");
        line(sdp, "a=group:BUNDLE " + String.join(" ", bundle));
        line(sdp, "a=msid-semantic: WMS " + AUDIO_STREAM);
        AudioNegotiation audio = null;
        for (MediaSection section : sections) {
            if (section.stopped()) {
                stopped(sdp, section);
            } else if (section.isAudio() && audio == null) {
                audio = audio(sdp, section);
            } else {
                inactive(sdp, section);
            }
        }
        return new Answer(sdp.toString(), audio);
    }

    private AudioNegotiation audio(StringBuilder sdp, MediaSection offer) {
        int opus = offer.payloadType("opus", 48000).orElseThrow(() -> new SdpException("the audio section must offer opus/48000/2"));
        int red = -1;
        if (acceptRed && !offer.payloadTypes().isEmpty()) {
            int first = offer.payloadTypes().get(0);
            if (offer.rtpmap(first).map(r -> r.toLowerCase().startsWith("red/48000")).orElse(false)) {
                red = first; // the client enables RED only when it is the top preference
            }
        }
        String formats = red >= 0 ? red + " " + opus : Integer.toString(opus);
        mLine(sdp, "audio", offer, formats);
        transport(sdp, offer);
        int level = offer.extensionId(AUDIO_LEVEL_URI);
        if (level > 0) {
            line(sdp, "a=extmap:" + level + " " + AUDIO_LEVEL_URI);
        }
        int mid = offer.extensionId(MID_URI);
        if (mid > 0) {
            line(sdp, "a=extmap:" + mid + " " + MID_URI);
        }
        line(sdp, "a=sendrecv");
        line(sdp, "a=msid:" + AUDIO_STREAM + " " + AUDIO_TRACK);
        line(sdp, "a=rtcp-mux");
        if (red >= 0) {
            line(sdp, "a=rtpmap:" + red + " red/48000/2");
            line(sdp, "a=fmtp:" + red + " " + opus + "/" + opus);
        }
        line(sdp, "a=rtpmap:" + opus + " opus/48000/2");
        // the client appends its audio profile (maxaveragebitrate, stereo) to this very line
        line(sdp, "a=fmtp:" + opus + " minptime=10;useinbandfec=1");
        line(sdp, "a=ssrc:" + audioSsrc + " cname:carillon");
        line(sdp, "a=ssrc:" + audioSsrc + " msid:" + AUDIO_STREAM + " " + AUDIO_TRACK);
        return new AudioNegotiation(offer.mid().orElse("0"), opus, red, level, offer.fmtp(opus).orElse(""), offer.firstSsrc());
    }

    /** Video until the SFU exists: inactive with one codec the client surely has, transport ready. */
    private void inactive(StringBuilder sdp, MediaSection offer) {
        int pt = offer.payloadType("VP8", 90000).orElseGet(() -> offer.payloadTypes().isEmpty() ? 96 : offer.payloadTypes().get(0));
        mLine(sdp, offer.kind(), offer, Integer.toString(pt));
        transport(sdp, offer);
        line(sdp, "a=inactive");
        line(sdp, "a=rtcp-mux");
        offer.rtpmap(pt).ifPresent(map -> line(sdp, "a=rtpmap:" + pt + " " + map));
    }

    private void stopped(StringBuilder sdp, MediaSection offer) {
        String formats = offer.payloadTypes().isEmpty() ? "0" : offer.payloadTypes().get(0).toString();
        line(sdp, "m=" + offer.kind() + " 0 " + offer.protocol() + " " + formats);
        line(sdp, "c=IN IP4 0.0.0.0");
        offer.mid().ifPresent(mid -> line(sdp, "a=mid:" + mid));
        line(sdp, "a=inactive");
    }

    private void mLine(StringBuilder sdp, String kind, MediaSection offer, String formats) {
        String[] first = transport.candidates().get(0).split(" ");
        line(sdp, "m=" + kind + " " + first[1] + " " + offer.protocol() + " " + formats);
        line(sdp, "c=IN " + (first[0].contains(":") ? "IP6 " : "IP4 ") + first[0]);
    }

    private void transport(StringBuilder sdp, MediaSection offer) {
        line(sdp, "a=mid:" + offer.mid().orElseThrow());
        line(sdp, "a=ice-ufrag:" + transport.iceUfrag());
        line(sdp, "a=ice-pwd:" + transport.icePwd());
        line(sdp, "a=fingerprint:sha-256 " + transport.sha256Fingerprint());
        line(sdp, "a=setup:passive");
        int foundation = 1;
        for (String candidate : transport.candidates()) {
            String[] hostPort = candidate.split(" ");
            // RFC 8445 5.1.2.1 priority for a host candidate, component 1
            line(sdp, "a=candidate:" + foundation++ + " 1 udp 2130706431 " + hostPort[0] + " " + hostPort[1] + " typ host");
        }
        line(sdp, "a=end-of-candidates");
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
