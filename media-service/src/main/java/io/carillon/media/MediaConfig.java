package io.carillon.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** media-service settings (docs/configuration.md). */
@ConfigMapping(prefix = "carillon.media")
public interface MediaConfig {

    /** The one UDP port of this instance: STUN, DTLS, SRTP and SRTCP all arrive here (RFC 7983). */
    @WithDefault("5004")
    int udpPort();

    /**
     * The address the UDP socket binds. ICE checks are symmetric: a response must leave from the
     * address the browser sent to, so bind the advertised address (or 0.0.0.0 on a host whose
     * only route to its clients is that address).
     */
    @WithDefault("127.0.0.1")
    String bindHost();

    /**
     * Addresses clients reach this instance at, each a host candidate in the SDP answer (like other
     * SFUs' "node IP"; the Chime client deletes srflx candidates, so a public address is a host here too).
     */
    @WithDefault("127.0.0.1")
    List<String> advertisedAddresses();

    /** The region whose meetings this instance serves: its consumer group is {@code carillon-media-<region>}. */
    @WithDefault("us-east-1")
    String region();

    /** How many of the loudest speakers are decoded and mixed. */
    @WithDefault("3")
    int maxMixedSpeakers();

    /** concentus encoder complexity 0-10. */
    @WithDefault("2")
    int opusComplexity();

    /**
     * Encode the mixes in Opus's CELT mode only: 3-4x cheaper than SILK/hybrid with concentus, but no
     * in-band FEC toward listeners (they conceal a lost packet). See MixerConfig.
     */
    @WithDefault("true")
    boolean opusCeltOnly();

    /** Answer RED first when the client offers it first (it then sends RFC 2198 redundancy). */
    @WithDefault("true")
    boolean acceptRed();

    /** How often volumes and signal strengths go to the meeting's clients (the client expects ~5/s). */
    @WithDefault("200ms")
    Duration metadataInterval();

    /** RFC 7675: a session without a valid consent check for this long is dropped. */
    @WithDefault("30s")
    Duration consentTimeout();

    /** A session whose ICE/DTLS did not complete in this time after its SUBSCRIBE is dropped. */
    @WithDefault("30s")
    Duration connectTimeout();

    /**
     * Threads running DTLS handshakes, off the packet loops. Bouncy Castle's handshake holds its
     * thread while it waits for the peer's flights, so this bounds concurrent handshakes, not CPU.
     */
    @WithDefault("16")
    int handshakeThreads();

    /**
     * Run DTLS handshakes and mixer ticks in memory once at start-up, in the background, so that the JIT has compiled
     * them before the first clients join (cold, a fresh instance's first handshakes took 60-250 ms instead of 6-17).
     */
    @WithDefault("true")
    boolean warmUp();

    /**
     * Event loops of the media path (threads {@code media-loop-N}, one socket each on the UDP port, each meeting on
     * one of them); 0 (the default) = half the CPUs, at least one.
     */
    @WithDefault("0")
    int loops();

    /**
     * Run the media port's event loops in Linux's real-time class (SCHED_FIFO) at this priority, 1-99; 0 (the default)
     * leaves them ordinary threads. On a host shared with other busy processes it keeps the mixer's ticks and the
     * packets on time (measured in docs/benchmarks.md). Needs CAP_SYS_NICE or an rtprio limit (ulimit -r); without
     * either the instance logs a warning and runs as before.
     */
    @WithDefault("0")
    int realtimePriority();
}
