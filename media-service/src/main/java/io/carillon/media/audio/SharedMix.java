package io.carillon.media.audio;

/**
 * The full mix for every listener of one {@link AudioProfile} who hears all selected speakers: encoded at most once
 * per tick, and only if at least one such listener needs it that tick.
 */
final class SharedMix {
    final AudioProfile profile;
    final MixEncoder encoder;
    long encodedTick = -1;

    SharedMix(AudioProfile profile, int complexity, boolean celtOnly) {
        this.profile = profile;
        this.encoder = new MixEncoder(profile, complexity, celtOnly);
    }
}
