package io.carillon.meeting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** meeting-service settings ({@code carillon.meeting.*}); see docs/configuration.md. */
@ConfigMapping(prefix = "carillon.meeting")
public interface MeetingServiceConfig {

    /** SigV4 access key id -> secret access key. */
    Map<String, String> accessKeys();

    /** How far a request's X-Amz-Date may be from our clock (AWS allows 5 minutes). */
    @WithDefault("5m")
    Duration allowedClockSkew();

    /** The account id in meeting ARNs. */
    @WithDefault("000000000000")
    String accountId();

    /** The media regions this deployment serves, by AWS region name. */
    Map<String, Region> regions();

    /** Base URL of token-service's internal API. */
    @WithDefault("http://127.0.0.1:8082")
    String tokenServiceUrl();

    /** A meeting with no attendee connected for this long ends (Chime: 5 minutes). */
    @WithDefault("5m")
    Duration idleMeetingTimeout();

    /** No meeting lasts longer than this (Chime: 24 hours). */
    @WithDefault("24h")
    Duration maxMeetingDuration();

    /** How often ended-meeting candidates are checked. */
    @WithDefault("10s")
    Duration reaperInterval();

    /** Largest request body accepted. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Where a region's clients connect. */
    interface Region {
        /** ws:// or wss:// base of signaling-service; SignalingUrl = this + "/control/{MeetingId}". */
        String signalingUrl();

        /** host:port of the region's media service (AudioHostUrl). */
        String audioHostUrl();

        /** Optional EventIngestionUrl handed to clients. */
        Optional<String> eventIngestionUrl();
    }
}
