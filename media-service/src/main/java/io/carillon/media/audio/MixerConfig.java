package io.carillon.media.audio;

/**
 * Tuning of a {@link MeetingMixer}.
 *
 * @param maxDecodedSpeakers how many senders are decoded and mixed per tick (the N loudest recently active, unmuted).
 *     Default 3: conversations rarely have more than two or three people talking at once, a fourth voice adds
 *     mostly noise and crosstalk, and other SFU/MCU mixers (Janus AudioBridge's and Chime's active-speaker mixing)
 *     settle on a similarly small number. Each extra speaker costs one decode (~37 µs) and one personal encode.
 * @param complexity Opus encoder complexity 0..10. Default 5: measured here encode costs 107 µs (c0), 116 (c2),
 *     178 (c5), 277 (c10) per 20 ms frame. Because one shared encode serves all non-speakers a meeting needs only
 *     about N+1 encodes per tick, so per-encode cost is no longer the main lever; 5 is the knee where SILK still uses
 *     delayed-decision quantisation and proper pitch analysis, while 10 would cost 56 % more for a small gain on a
 *     mix of already-decoded speech. About 4 x 178 + 3 x 37 ≈ 0.8 ms per tick for a talking meeting.
 */
public record MixerConfig(int maxDecodedSpeakers, int complexity) {

    public static final int DEFAULT_MAX_DECODED_SPEAKERS = 3;
    public static final int DEFAULT_COMPLEXITY = 5;
    public static final int MAX_SPEAKERS_LIMIT = 16;

    public MixerConfig {
        if (maxDecodedSpeakers < 1 || maxDecodedSpeakers > MAX_SPEAKERS_LIMIT) {
            throw new IllegalArgumentException("maxDecodedSpeakers must be 1.." + MAX_SPEAKERS_LIMIT);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity must be 0..10");
        }
    }

    public static MixerConfig defaults() {
        return new MixerConfig(DEFAULT_MAX_DECODED_SPEAKERS, DEFAULT_COMPLEXITY);
    }
}
