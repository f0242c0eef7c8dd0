package io.carillon.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfo;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfoFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void a_frame_round_trips_with_the_0x05_type_byte() throws Exception {
        SdkSignalFrame ping = Frames.frame(SdkSignalFrame.Type.PING_PONG)
                .setPingPong(SdkPingPongFrame.newBuilder().setType(SdkPingPongType.PING).setPingId(7)).build();
        byte[] wire = Frames.encode(ping);
        assertThat(wire[0]).isEqualTo((byte) 0x05);
        assertThat(Frames.decode(wire)).isEqualTo(ping);
    }

    @Test
    void the_legacy_0x02_type_byte_is_accepted() throws Exception {
        byte[] wire = Frames.encode(Frames.frame(SdkSignalFrame.Type.LEAVE).build());
        wire[0] = 0x02;
        assertThat(Frames.decode(wire).getType()).isEqualTo(SdkSignalFrame.Type.LEAVE);
    }

    @Test
    void a_muted_false_that_is_set_reaches_the_wire() {
        // The client treats an entry with `muted` present as a mute update, even when false.
        var unmute = SdkAudioStreamIdInfo.newBuilder().setAudioStreamId(3).setMuted(false).build();
        var withoutMuted = SdkAudioStreamIdInfo.newBuilder().setAudioStreamId(3).build();
        assertThat(unmute.toByteArray()).hasSize(withoutMuted.toByteArray().length + 2);
        assertThat(SdkAudioStreamIdInfoFrame.newBuilder().addStreams(unmute).build().getStreams(0).hasMuted()).isTrue();
    }

    @Test
    void garbage_truncated_and_incomplete_frames_are_refused() {
        assertThatThrownBy(() -> Frames.decode(new byte[0])).isInstanceOf(Frames.MalformedFrameException.class);
        assertThatThrownBy(() -> Frames.decode(new byte[] {0x07, 1, 2})).isInstanceOf(Frames.MalformedFrameException.class);
        byte[] wire = Frames.encode(Frames.frame(SdkSignalFrame.Type.JOIN).build());
        assertThatThrownBy(() -> Frames.decode(java.util.Arrays.copyOf(wire, wire.length - 1)))
                .isInstanceOf(Frames.MalformedFrameException.class);
        assertThatThrownBy(() -> Frames.decode(new byte[] {0x05})).as("missing required fields")
                .isInstanceOf(Frames.MalformedFrameException.class);
    }
}
