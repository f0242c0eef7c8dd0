package io.carillon.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer to a real Chromium offer of amazon-chime-sdk-js 3.32.0, line by line (client-behaviour.md §2). */
class AnswerBuilderTest {

    static final TransportParameters TRANSPORT = new TransportParameters("ufragAB1", "pwd-of-twenty-four-chars",
            "6B:72:53:52:FB:2E:52:A4:24:E0:64:5C:DC:25:EE:96:28:0E:64:C4:CF:26:6A:09:9F:D4:72:F2:D1:8A:18:BF",
            List.of("127.0.0.1 5004", "203.0.113.7 5004"));

    private final AnswerBuilder builder = new AnswerBuilder(TRANSPORT, 42, 123456789L, true);

    @Test
    void the_answer_is_ice_lite_bundled_dtls_passive_with_host_candidates_in_every_section() throws IOException {
        String answer = builder.answer(chromiumOffer(), 1).sdp();
        assertThat(answer).startsWith("v=0\r\n").contains("a=ice-lite\r\n", "a=group:BUNDLE 0 1\r\n");
        assertThat(count(answer, "a=setup:passive")).isEqualTo(2);
        assertThat(count(answer, "a=ice-ufrag:ufragAB1")).isEqualTo(2);
        assertThat(count(answer, "a=candidate:1 1 udp 2130706431 127.0.0.1 5004 typ host")).isEqualTo(2);
        assertThat(answer).contains("a=candidate:2 1 udp 2130706431 203.0.113.7 5004 typ host").doesNotContain("srflx");
        assertThat(count(answer, "a=rtcp-mux")).isEqualTo(2);
    }

    @Test
    void audio_is_sendrecv_with_msid_red_first_and_an_opus_fmtp_line_the_client_can_edit() throws IOException {
        AnswerBuilder.Answer answer = builder.answer(chromiumOffer(), 1);
        String audio = section(answer.sdp(), 0);
        assertThat(audio).startsWith("m=audio 5004 UDP/TLS/RTP/SAVPF 63 111\r\n")
                .contains("a=sendrecv", "a=msid:carillon-mix carillon-mix-audio", "a=fmtp:111 minptime=10;useinbandfec=1",
                        "a=rtpmap:63 red/48000/2", "a=fmtp:63 111/111", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=ssrc:123456789 msid:carillon-mix carillon-mix-audio");
        assertThat(answer.audio().opusPayloadType()).isEqualTo(111);
        assertThat(answer.audio().redPayloadType()).isEqualTo(63);
        assertThat(answer.audio().audioLevelExtension()).isEqualTo(1);
        assertThat(answer.audio().clientSsrc()).isEqualTo(1595824000L);
    }

    @Test
    void red_is_declined_when_the_server_does_not_accept_it() throws IOException {
        AnswerBuilder plain = new AnswerBuilder(TRANSPORT, 42, 123456789L, false);
        AnswerBuilder.Answer answer = plain.answer(chromiumOffer(), 1);
        assertThat(section(answer.sdp(), 0)).startsWith("m=audio 5004 UDP/TLS/RTP/SAVPF 111\r\n").doesNotContain("red/48000");
        assertThat(answer.audio().redPayloadType()).isEqualTo(-1);
    }

    @Test
    void the_camera_section_is_inactive_never_port_0_until_the_video_sfu_exists() throws IOException {
        String video = section(builder.answer(chromiumOffer(), 1).sdp(), 1);
        assertThat(video).startsWith("m=video 5004 UDP/TLS/RTP/SAVPF 96\r\n").contains("a=inactive", "a=mid:1", "a=rtpmap:96 VP8/90000");
    }

    @Test
    void a_renegotiation_keeps_credentials_fingerprint_and_ssrc_and_grows_the_version() throws IOException {
        String first = builder.answer(chromiumOffer(), 1).sdp();
        String second = builder.answer(chromiumOffer(), 2).sdp();
        assertThat(second).contains("o=- 42 2 IN IP4").contains("a=ice-ufrag:ufragAB1", "a=ssrc:123456789 cname:carillon",
                "a=fingerprint:sha-256 " + TRANSPORT.sha256Fingerprint());
        assertThat(second.replace("o=- 42 2", "o=- 42 1")).isEqualTo(first);
    }

    @Test
    void a_stopped_section_is_answered_with_port_0_and_left_out_of_the_bundle() throws IOException {
        String offer = offerText().replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video 0 UDP/TLS/RTP/SAVPF");
        String answer = builder.answer(SessionDescription.parse(offer), 1).sdp();
        assertThat(answer).contains("a=group:BUNDLE 0\r\n");
        assertThat(section(answer, 1)).startsWith("m=video 0 ");
    }

    @Test
    void offers_the_server_cannot_answer_are_refused_with_a_reason() throws IOException {
        assertThatThrownBy(() -> SessionDescription.parse("")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> SessionDescription.parse("hello")).isInstanceOf(SdpException.class).hasMessageContaining("v=0");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\ns=-\r\n")).hasMessageContaining("no media section");
        String noOpus = offerText().replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 speex/48000");
        assertThatThrownBy(() -> builder.answer(SessionDescription.parse(noOpus), 1)).hasMessageContaining("opus");
        String noMid = offerText().replace("a=mid:1\r\n", "");
        assertThatThrownBy(() -> builder.answer(SessionDescription.parse(noMid), 1)).hasMessageContaining("a=mid");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\n" + "a=x\r\n".repeat(5000))).hasMessageContaining("too many lines");
    }

    @Test
    void compressed_sdp_round_trips_with_the_previous_sdp_as_dictionary() throws IOException {
        String offer = offerText();
        String next = offer.replace("o=mozilla-chrome 9202922607386827479 2", "o=mozilla-chrome 9202922607386827479 3");
        byte[] compressed = SdpCompression.deflate(next, offer);
        assertThat(compressed.length).isLessThan(next.length() / 10);
        assertThat(SdpCompression.inflate(compressed, offer)).isEqualTo(next);
        assertThatThrownBy(() -> SdpCompression.inflate(new byte[] {1, 2, 3, 4}, null)).isInstanceOf(SdpException.class);
    }

    static SessionDescription chromiumOffer() throws IOException {
        return SessionDescription.parse(offerText());
    }

    static String offerText() throws IOException {
        try (InputStream in = AnswerBuilderTest.class.getResourceAsStream("/sdp/chromium-audio-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String section(String sdp, int index) {
        String[] parts = sdp.split("(?=m=)");
        return parts[index + 1];
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
