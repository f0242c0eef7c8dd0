package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jaredmdobson.concentus.OpusDecoder;
import org.junit.jupiter.api.Test;

class AudioProfileTest {

    @Test
    void readsFmtpAndClamps() {
        assertThat(AudioProfile.fromFmtp("minptime=10;useinbandfec=1;maxaveragebitrate=128000;stereo=1;sprop-stereo=1"))
                .isEqualTo(new AudioProfile(128000, true));
        assertThat(AudioProfile.fromFmtp("maxaveragebitrate=128000")).isEqualTo(new AudioProfile(64000, false));
        assertThat(AudioProfile.fromFmtp("maxaveragebitrate=1000; stereo=0")).isEqualTo(new AudioProfile(6000, false));
        assertThat(AudioProfile.fromFmtp("maxaveragebitrate=999999999999;stereo=1")).isEqualTo(new AudioProfile(128000, true));
        assertThat(AudioProfile.fromFmtp("minptime=10;useinbandfec=1")).isEqualTo(AudioProfile.DEFAULT);
        assertThat(AudioProfile.fromFmtp("maxaveragebitrate=abc;=;;x")).isEqualTo(AudioProfile.DEFAULT);
        assertThat(AudioProfile.fromFmtp(null)).isEqualTo(AudioProfile.DEFAULT);
        assertThat(AudioProfile.DEFAULT).isEqualTo(new AudioProfile(32000, false));
    }

    @Test
    void silenceFrameDecodesToSilence() throws Exception {
        OpusDecoder mono = new OpusDecoder(48000, 1);
        OpusDecoder stereo = new OpusDecoder(48000, 2);
        short[] pcm = new short[960 * 2];
        for (int i = 0; i < 5; i++) {
            assertThat(mono.decode(SilenceFrame.BYTES, 0, 3, pcm, 0, 960, false)).isEqualTo(960);
            assertThat(pcm).containsOnly((short) 0);
            assertThat(stereo.decode(SilenceFrame.BYTES, 0, 3, pcm, 0, 960, false)).isEqualTo(960);
            assertThat(pcm).containsOnly((short) 0);
        }
    }
}
