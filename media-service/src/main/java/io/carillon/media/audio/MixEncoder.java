package io.carillon.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * One Opus encoder for one outgoing mix stream (a profile's shared mix or a speaker's personal mix-minus), with its
 * output buffer. Mono 48 kHz, 20 ms; VOIP application for mono up to 32 kbps, AUDIO above or for stereo listeners;
 * in-band FEC on with a 10 % expected loss so listeners can recover single losses. Not thread-safe.
 */
final class MixEncoder {
    static final int EXPECTED_LOSS_PERCENT = 10;

    private final OpusEncoder encoder;
    private final byte[] out = new byte[JitterBuffer.MAX_PACKET];
    private int length = -1;

    MixEncoder(AudioProfile profile, int complexity) {
        this(profile, complexity, false);
    }

    /** @param celtOnly CELT mode only (see {@link MixerConfig#celtOnly()}): 3-4x cheaper, no in-band FEC */
    MixEncoder(AudioProfile profile, int complexity, boolean celtOnly) {
        OpusApplication application = celtOnly ? OpusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY
                : !profile.stereo() && profile.bitrateBps() <= AudioProfile.DEFAULT_BITRATE
                        ? OpusApplication.OPUS_APPLICATION_VOIP
                        : OpusApplication.OPUS_APPLICATION_AUDIO;
        try {
            encoder = new OpusEncoder(48000, 1, application);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder init failed", e);
        }
        encoder.setBitrate(profile.bitrateBps());
        encoder.setComplexity(complexity);
        if (!celtOnly) {
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(EXPECTED_LOSS_PERCENT);
        }
    }

    /** Encodes 960 samples; returns the packet length, or -1 if the encoder failed. */
    int encode(short[] pcm) {
        try {
            length = encoder.encode(pcm, 0, JitterBuffer.SAMPLES_PER_FRAME, out, 0, out.length);
        } catch (OpusException | RuntimeException e) {
            length = -1;
        }
        return length;
    }

    byte[] buffer() {
        return out;
    }

    int length() {
        return length;
    }
}
