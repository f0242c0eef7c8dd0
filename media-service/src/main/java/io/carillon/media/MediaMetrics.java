package io.carillon.media;

import io.carillon.media.scheduling.ThreadCpuTimes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * The media instance's metrics on /q/metrics: handshakes, mixer ticks (duration, lateness, codec
 * operations), packets. Per-meeting figures are logged when a meeting closes (a label per meeting
 * would grow without bound in Prometheus).
 */
@ApplicationScoped
public class MediaMetrics {

    /** In-server delay buckets: 5 ms steps around the 20 ms tick and the 30 ms target, then coarser. */
    private static final Duration[] DELAY_BUCKETS = LongStream.of(
            5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Counter audioExpected;
    private final Counter audioLost;
    private final DistributionSummary jitter;
    private final Counter handshakes;
    private final Counter handshakeFailures;
    private final Timer handshakeTime;
    private final Timer iceTime;
    private final Timer dtlsTime;
    private final Timer tickDuration;
    private final Timer tickLateness;
    private final DistributionSummary decodes;
    private final DistributionSummary encodes;
    private final Timer inServerDelay;
    private final Counter framesConcealed;
    private final Counter framesFecRecovered;

    public MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
        handshakes = registry.counter("carillon.media.dtls.handshakes", "result", "ok");
        handshakeFailures = registry.counter("carillon.media.dtls.handshakes", "result", "failed");
        handshakeTime = Timer.builder("carillon.media.connect.time")
                .description("From SUBSCRIBE to SRTP keys (ICE + DTLS)").publishPercentiles(0.5, 0.95).register(registry);
        iceTime = Timer.builder("carillon.media.connect.ice.time")
                .description("From SUBSCRIBE to the first validated ICE check").publishPercentiles(0.5, 0.95).register(registry);
        dtlsTime = Timer.builder("carillon.media.connect.dtls.time")
                .description("From the first validated ICE check to SRTP keys").publishPercentiles(0.5, 0.95).register(registry);
        tickDuration = Timer.builder("carillon.media.mixer.tick.duration").publishPercentiles(0.5, 0.99).register(registry);
        tickLateness = Timer.builder("carillon.media.mixer.tick.lateness")
                .description("How late a 20 ms mixer tick started").publishPercentiles(0.5, 0.99).register(registry);
        audioExpected = Counter.builder("carillon.media.audio.packets.expected")
                .description("Audio packets the clients sent, by their sequence numbers").register(registry);
        audioLost = Counter.builder("carillon.media.audio.packets.lost")
                .description("Audio packets the clients sent that never arrived").register(registry);
        jitter = DistributionSummary.builder("carillon.media.audio.jitter").baseUnit("milliseconds")
                .description("Interarrival jitter of the clients' audio (RFC 3550 A.8), once a second per session")
                .publishPercentiles(0.5, 0.99).register(registry);
        framesConcealed = Counter.builder("carillon.media.audio.frames.concealed")
                .description("Speakers' frames the mixer concealed (lost, or too late for their tick)").register(registry);
        framesFecRecovered = Counter.builder("carillon.media.audio.frames.fec")
                .description("Speakers' lost frames the mixer recovered from the next packet's in-band FEC").register(registry);
        decodes = registry.summary("carillon.media.mixer.decodes.per.tick");
        encodes = registry.summary("carillon.media.mixer.encodes.per.tick");
        inServerDelay = Timer.builder("carillon.media.audio.in.server.delay")
                .description("From a speaker's datagram arriving to the mix carrying it leaving (jitter buffer + tick)")
                .publishPercentiles(0.5, 0.99)
                // fixed buckets: any window's quantiles from two scrapes (the benchmark's steady window)
                .serviceLevelObjectives(DELAY_BUCKETS)
                .register(registry);
    }

    /** A gauge read from {@code value}; held strongly (Micrometer's default weak reference would lose a lambda). */
    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value, v -> v.get().doubleValue()).strongReference(true).register(registry);
    }

    /**
     * Reception of the clients' audio, once a second per session: packets expected and lost since the last time
     * ({@code carillon.media.audio.packets.expected}, {@code .lost}; loss ratio = lost / expected) and the
     * interarrival jitter (RFC 3550 A.8) as a distribution ({@code carillon.media.audio.jitter}, milliseconds).
     */
    public void reception(long expected, long lost, double jitterMillis) {
        if (expected > 0) {
            audioExpected.increment(expected);
        }
        if (lost > 0) {
            audioLost.increment(lost);
        }
        jitter.record(jitterMillis);
    }

    /**
     * The media loops' time on a CPU and runnable but waiting for one ({@code carillon.media.loops.cpu}, tag state
     * running / waiting): waiting that grows with the running time says the host's other load delays the media path.
     */
    public void loopCpu(Supplier<ThreadCpuTimes.Times> times) {
        FunctionCounter.builder("carillon.media.loops.cpu", times, t -> t.get().runNanos() / 1e9).baseUnit("seconds")
                .tag("state", "running").description("Event loop threads' time on a CPU").register(registry);
        FunctionCounter.builder("carillon.media.loops.cpu", times, t -> t.get().waitNanos() / 1e9).baseUnit("seconds")
                .tag("state", "waiting").description("Event loop threads' time runnable but waiting for a CPU").register(registry);
    }

    /** SRTP keys: {@code nanosSinceSubscribe} in all, of which {@code dtlsNanos} after ICE. */
    public void handshakeCompleted(long nanosSinceSubscribe, long dtlsNanos) {
        handshakes.increment();
        handshakeTime.record(nanosSinceSubscribe, TimeUnit.NANOSECONDS);
        dtlsTime.record(dtlsNanos, TimeUnit.NANOSECONDS);
    }

    public void iceConnected(long nanosSinceSubscribe) {
        iceTime.record(nanosSinceSubscribe, TimeUnit.NANOSECONDS);
    }

    public void handshakeFailed() {
        handshakeFailures.increment();
    }

    public void tick(long durationNanos, long latenessNanos, int tickDecodes, int tickEncodes) {
        tickDuration.record(durationNanos, TimeUnit.NANOSECONDS);
        tickLateness.record(Math.max(0, latenessNanos), TimeUnit.NANOSECONDS);
        decodes.record(tickDecodes);
        encodes.record(tickEncodes);
    }

    /** Frames a meeting's mixer concealed or recovered from FEC since its last tick (called on the meeting loops). */
    public void repairedFrames(long concealed, long fecRecovered) {
        if (concealed > 0) {
            framesConcealed.increment(concealed);
        }
        if (fecRecovered > 0) {
            framesFecRecovered.increment(fecRecovered);
        }
    }

    /** One decoded frame's time in the server (called on the meeting loops: no allocation). */
    public void inServerDelay(long nanos) {
        inServerDelay.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records into throwaway meters built like the media loop's (timers and summaries with percentiles and buckets),
     * taking a snapshot every few records, on a clock that moves 10 ms a record, so that the JIT profiles Micrometer's
     * recording path with both halves of its writer/reader phaser in use (each snapshot flips it), the time windows
     * rotating and values from microseconds to a second, before any meeting runs. Without it the loop's
     * compiled tick and receive code first met the phaser's other half at the first metrics scrape under load, and
     * was de-optimised there (docs/benchmarks.md, media, twelfth session). Part of the start-up warm-up; returns the
     * values recorded.
     */
    public static long warmUpRecording(int records) {
        MockClock clock = new MockClock();
        SimpleMeterRegistry scratch = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        try {
            Timer timer = Timer.builder("warm-up.timer").publishPercentiles(0.5, 0.99)
                    .serviceLevelObjectives(DELAY_BUCKETS).register(scratch);
            DistributionSummary summary = DistributionSummary.builder("warm-up.summary").publishPercentiles(0.5, 0.99)
                    .register(scratch);
            for (int i = 0; i < records; i++) {
                clock.add(10, TimeUnit.MILLISECONDS);
                timer.record(10_000L << (i % 17), TimeUnit.NANOSECONDS);
                summary.record(i % 7 + (i % 97 == 0 ? 1_000 : 0));
                if (i % 64 == 63) {
                    timer.takeSnapshot();
                    summary.takeSnapshot();
                }
            }
            return timer.count() + summary.count();
        } finally {
            scratch.close();
        }
    }

    public Duration tickP99() {
        return Duration.ofNanos((long) tickDuration.max(TimeUnit.NANOSECONDS));
    }
}
