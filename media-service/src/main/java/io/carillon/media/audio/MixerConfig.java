package io.carillon.media.audio;

/**
 * Tuning of a {@link MeetingMixer}.
 *
 * @param maxDecodedSpeakers how many senders are decoded and mixed per tick (the N loudest recently active, unmuted).
 *     Default 3: conversations rarely have more than two or three people talking at once, a fourth voice adds
 *     mostly noise and crosstalk, and other SFU/MCU mixers (Janus AudioBridge's and Chime's active-speaker mixing)
 *     settle on a similarly small number. Each extra speaker costs one decode (~37 µs) and one personal encode.
 * @param complexity Opus encoder complexity 0..10. Default 2. Per 20 ms encode (concentus, JDK 17, speech, quiet
 *     machine, see perf-anchors.md): 107 µs (c0), 116 (c2), 178 (c5), 277 (c10). {@code MixerCostProbe} (25
 *     attendees, 3 speech-like talkers with pauses, thread CPU, measured while the 2-core machine ran other builds at
 *     load 10-26, so inflated about 3x but side by side): encode alone 350 µs (c0), 450 (c2), 565 (c5); per tick
 *     2.2, 3.0, 3.0 ms for 2.83 decodes and 3.19 encodes. c5 costs 25-55 % more per encode than c2 for SILK's
 *     delayed-decision quantiser and warped noise shaping, which matter little on a mix of already-decoded speech;
 *     c0 saves under 10 % on a quiet machine but drops to the lowest pitch analysis and LPC order. Since one shared
 *     encode serves all non-speakers, a talking meeting needs about N+1 encodes a tick: ~4 x 116 + 3 x 37 ≈ 0.6 ms.
 * @param celtOnly encode the mixes in Opus's CELT mode only (RESTRICTED_LOWDELAY) instead of letting the VOIP
 *     application pick SILK/hybrid. Measured on a quiet machine (JDK 17, speech-like input, 32 kbps mono): hybrid
 *     with in-band FEC 440-480 µs per encode at c0-c5, CELT 111-171 µs — 3-4x cheaper, and the encodes are most of
 *     the mixer's cost. The price: no in-band FEC on the downlink (CELT has none; listeners conceal a lost packet)
 *     and CELT's slightly lower speech quality at 32 kbps. Default true; set false for hybrid with FEC.
 */
public record MixerConfig(int maxDecodedSpeakers, int complexity, boolean celtOnly) {

    public static final int DEFAULT_MAX_DECODED_SPEAKERS = 3;
    public static final int DEFAULT_COMPLEXITY = 2;
    public static final int MAX_SPEAKERS_LIMIT = 16;

    public MixerConfig {
        if (maxDecodedSpeakers < 1 || maxDecodedSpeakers > MAX_SPEAKERS_LIMIT) {
            throw new IllegalArgumentException("maxDecodedSpeakers must be 1.." + MAX_SPEAKERS_LIMIT);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity must be 0..10");
        }
    }

    public MixerConfig(int maxDecodedSpeakers, int complexity) {
        this(maxDecodedSpeakers, complexity, true);
    }

    public static MixerConfig defaults() {
        return new MixerConfig(DEFAULT_MAX_DECODED_SPEAKERS, DEFAULT_COMPLEXITY, true);
    }
}
