package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MixerWarmUpTest {

    @Test
    void the_synthetic_meeting_is_decoded_mixed_and_encoded() {
        // Three audible speakers: each hears the other two (a personal encode) and the listeners share one.
        long encodes = MixerWarmUp.run(MixerConfig.defaults(), 50);
        assertThat(encodes).isGreaterThan(40 * (MixerWarmUp.SPEAKERS + 1));
    }
}
