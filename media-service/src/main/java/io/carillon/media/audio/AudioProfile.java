package io.carillon.media.audio;

/**
 * What one listener wants to receive, from the Opus {@code a=fmtp} line of its SDP after the client's edits.
 *
 * <p>The mix itself is mono (see {@link MeetingMixer}); a {@code stereo=1} listener receives mono Opus packets, which
 * every Opus decoder accepts (RFC 7587 section 7), encoded with the music-oriented application and the higher
 * bitrate ceiling it asked for.
 *
 * @param bitrateBps target average bitrate, already clamped to 6000..64000 (mono) or 6000..128000 (stereo)
 * @param stereo whether the listener advertised {@code stereo=1}
 */
public record AudioProfile(int bitrateBps, boolean stereo) {

    public static final int MIN_BITRATE = 6000;
    public static final int MAX_MONO_BITRATE = 64000;
    public static final int MAX_STEREO_BITRATE = 128000;
    public static final int DEFAULT_BITRATE = 32000;

    /** 32 kbps mono: wideband-to-fullband speech with room for in-band FEC. */
    public static final AudioProfile DEFAULT = new AudioProfile(DEFAULT_BITRATE, false);

    public AudioProfile {
        int max = stereo ? MAX_STEREO_BITRATE : MAX_MONO_BITRATE;
        bitrateBps = Math.max(MIN_BITRATE, Math.min(max, bitrateBps));
    }

    /**
     * Reads {@code maxaveragebitrate} and {@code stereo} from fmtp parameters such as
     * {@code "minptime=10;useinbandfec=1;maxaveragebitrate=128000;stereo=1;sprop-stereo=1"}. Unknown, malformed or
     * missing values fall back to the defaults; null or blank gives {@link #DEFAULT}.
     */
    public static AudioProfile fromFmtp(String fmtpParameters) {
        if (fmtpParameters == null || fmtpParameters.isBlank()) {
            return DEFAULT;
        }
        int bitrate = DEFAULT_BITRATE;
        boolean stereo = false;
        for (String part : fmtpParameters.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equalsIgnoreCase("maxaveragebitrate")) {
                try {
                    long parsed = Long.parseLong(value);
                    bitrate = (int) Math.max(0, Math.min(Integer.MAX_VALUE, parsed));
                } catch (NumberFormatException ignored) {
                    // keep the default
                }
            } else if (key.equalsIgnoreCase("stereo")) {
                stereo = value.equals("1");
            }
        }
        return new AudioProfile(bitrate, stereo);
    }
}
