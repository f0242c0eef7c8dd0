package io.carillon.media.meeting;

import io.carillon.events.media.MediaReply;
import io.carillon.events.media.MediaRequest;
import io.carillon.events.signaling.PresenceRecord;
import io.carillon.media.MediaConfig;
import io.carillon.media.MediaMetrics;
import io.carillon.media.audio.MeetingMixer;
import io.carillon.media.audio.MixerConfig;
import io.carillon.media.audio.MixerWarmUp;
import io.carillon.media.dtls.DtlsCertificate;
import io.carillon.media.dtls.DtlsWarmUp;
import io.carillon.media.placement.MediaInstanceId;
import io.carillon.media.placement.MediaOutbox;
import io.carillon.media.session.SessionPlumbing;
import io.carillon.media.scheduling.ThreadCpuTimes;
import io.carillon.media.transport.EndpointDirectory;
import io.carillon.media.transport.MediaLoops;
import io.carillon.media.transport.RealtimeLoops;
import io.carillon.media.transport.UdpTransport;
import io.netty.channel.EventLoopGroup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The meetings this instance owns, each on one of the media loops ({@link MediaLoops}), the UDP port
 * they share, the instance's DTLS certificate and the pool that runs DTLS handshakes.
 */
@ApplicationScoped
public class MediaMeetings {

    private static final Logger LOG = Logger.getLogger(MediaMeetings.class);
    /** On a cold instance the first 25 real handshakes were slow (median 105 ms, then 6-17 ms): 40 covers them. */
    static final int WARM_UP_HANDSHAKES = 40;
    /** Six seconds of a talking meeting: the codec's loops are compiled well before. */
    static final int WARM_UP_TICKS = 300;
    /** Values recorded into throwaway meters at start-up: enough for C2 to compile the recording path. */
    static final int WARM_UP_METRIC_RECORDS = 200_000;

    @Inject
    MediaConfig config;
    @Inject
    MediaMetrics metrics;
    @Inject
    MediaOutbox outbox;
    @Inject
    MediaInstanceId instance;

    private final Map<String, MediaMeeting> meetings = new ConcurrentHashMap<>();
    private final EndpointDirectory directory = new EndpointDirectory();
    private UdpTransport transport;
    private EventLoopGroup loops;
    private DtlsCertificate certificate;
    private ExecutorService handshakes;
    private SubscribeHandler subscribes;
    /** False until the start-up warm-up has finished (or failed); always true when it is off. */
    private volatile boolean warmedUp;

    void onStart(@Observes StartupEvent event) throws InterruptedException, java.io.IOException {
        int loopCount = MediaLoops.count(config.loops(), Runtime.getRuntime().availableProcessors());
        loops = MediaLoops.create(loopCount);
        certificate = DtlsCertificate.generateEcdsaP256();
        AtomicInteger threadNumber = new AtomicInteger();
        handshakes = Executors.newFixedThreadPool(Math.max(1, config.handshakeThreads()), r -> {
            Thread thread = new Thread(r, "dtls-handshake-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        transport = new UdpTransport(directory);
        transport.bind(loops, config.bindHost(), config.udpPort());
        int port = transport.localAddress().getPort();
        List<String> candidates = config.advertisedAddresses().stream().map(address -> address + " " + port).toList();
        SessionPlumbing plumbing = new SessionPlumbing(transport, directory, metrics, config.connectTimeout().toNanos());
        subscribes = new SubscribeHandler(plumbing, certificate, handshakes, candidates, config.acceptRed());
        metrics.gauge("carillon.media.meetings", meetings::size);
        metrics.gauge("carillon.media.sessions", directory::endpoints);
        metrics.gauge("carillon.media.packets.received", transport::received);
        metrics.gauge("carillon.media.packets.sent", transport::sent);
        metrics.gauge("carillon.media.packets.dropped", transport::dropped);
        LOG.infof("media on udp %s:%d, advertised as %s; %s; DTLS fingerprint sha-256 %s", config.bindHost(), port,
                candidates, transport.nativeTransport() ? "epoll, " + transport.socketCount()
                        + " media loop(s) with a socket each (SO_REUSEPORT), recvmmsg/sendmmsg"
                        : "NIO, one socket for " + loopCount + " media loop(s)", certificate.sha256Fingerprint());
        if (config.realtimePriority() > 0) {
            runLoopsRealtime(config.realtimePriority());
        }
        metrics.loopCpu(() -> ThreadCpuTimes.of(MediaLoops.THREAD_NAME_PREFIX));
        if (config.warmUp()) {
            warmUp();
        } else {
            warmedUp = true;
        }
    }

    private void runLoopsRealtime(int priority) throws InterruptedException {
        RealtimeLoops.Result result = RealtimeLoops.apply(loops, priority);
        if (result.all()) {
            LOG.infof("media event loops run in the real-time class: SCHED_FIFO priority %d, %d loops", priority, result.loops());
        } else {
            LOG.warnf("carillon.media.realtime-priority=%d: %d of %d event loops moved to SCHED_FIFO, the others stay ordinary"
                    + " threads: %s", priority, result.raised(), result.loops(), String.join("; ", result.refusals()));
        }
    }

    /** Every meeting's {@link MediaMeeting#stats()}, each read on its own loop; ordered by meeting id. */
    public CompletableFuture<List<MediaMeeting.Stats>> stats() {
        List<CompletableFuture<MediaMeeting.Stats>> parts = new ArrayList<>();
        for (MediaMeeting meeting : meetings.values()) {
            CompletableFuture<MediaMeeting.Stats> part = new CompletableFuture<>();
            meeting.loop().execute(() -> part.complete(meeting.stats()));
            parts.add(part);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS)
                .thenApply(done -> parts.stream().map(CompletableFuture::join)
                        .sorted(Comparator.comparing(MediaMeeting.Stats::meetingId)).toList());
    }

    /** A request from signaling for a meeting this instance owns: handled on the meeting's loop. */
    public void onRequest(MediaRequest request, int partition) {
        MediaMeeting meeting = meetings.computeIfAbsent(request.meetingId(), id -> open(id, partition));
        meeting.loop().execute(() -> {
            MediaReply reply = meeting.closed()
                    ? new MediaReply(request.correlationId(), null, 503, "meeting media is closing; retry")
                    : subscribes.subscribe(meeting, request);
            outbox.reply(request.replyTo(), reply.from(instance.value()));
        });
    }

    /**
     * These partitions left this instance (moved, or this member was fenced): their meetings close
     * unless the partitions come back within {@link MediaMeeting#ORPHAN_GRACE_NANOS} — a member
     * fenced under load usually gets them right back, and its clients must not be stranded.
     */
    public void release(Set<Integer> partitions) {
        long now = System.nanoTime();
        forMeetingsIn(partitions, meeting -> meeting.orphan(now));
    }

    /** These partitions are (again) this instance's. */
    public void adopt(Set<Integer> partitions) {
        forMeetingsIn(partitions, MediaMeeting::adopt);
    }

    private void forMeetingsIn(Set<Integer> partitions, java.util.function.Consumer<MediaMeeting> action) {
        for (MediaMeeting meeting : List.copyOf(meetings.values())) {
            if (partitions.contains(meeting.partition())) {
                meeting.loop().execute(() -> action.accept(meeting));
            }
        }
    }

    /** Presence from signaling: mute enforced, sessions that left or dropped closed. */
    public void onPresence(PresenceRecord presence) {
        MediaMeeting meeting = meetings.get(presence.meetingId());
        if (meeting == null) {
            return;
        }
        meeting.loop().execute(() -> {
            var session = meeting.session(presence.sessionId());
            if (session == null) {
                return;
            }
            if (presence.state() == PresenceRecord.State.PRESENT) {
                session.setMuted(presence.muted());
            } else {
                meeting.remove(session);
            }
        });
    }

    private MediaMeeting open(String meetingId, int partition) {
        MeetingMixer mixer = new MeetingMixer(mixerConfig());
        mixer.setDelayRecorder(metrics::inServerDelay);
        int metadataEvery = (int) Math.max(1, config.metadataInterval().toMillis() / 20);
        MediaMeeting meeting = new MediaMeeting(meetingId, partition, loops.next(), mixer, metrics, metadataEvery, outbox::levels,
                closed -> meetings.remove(closed.id(), closed));
        meeting.start();
        LOG.debugf("meeting %s: media opened", meetingId);
        return meeting;
    }

    private MixerConfig mixerConfig() {
        return new MixerConfig(config.maxMixedSpeakers(), config.opusComplexity(), config.opusCeltOnly());
    }

    /**
     * DTLS handshakes and mixer ticks run once at start-up on a background thread, so that the first clients of a
     * fresh instance do not wait for the interpreter ({@code carillon.media.warm-up}). Readiness waits for it
     * (a few seconds, most of it the JIT compiling); logs what it did.
     */
    private void warmUp() {
        Thread thread = new Thread(() -> {
            try {
                long start = System.nanoTime();
                int handshakeCount = DtlsWarmUp.run(certificate, WARM_UP_HANDSHAKES, handshakes, 10_000);
                long dtlsDone = System.nanoTime();
                long encodes = MixerWarmUp.run(mixerConfig(), WARM_UP_TICKS);
                long mixerDone = System.nanoTime();
                MediaMetrics.warmUpRecording(WARM_UP_METRIC_RECORDS);
                long done = System.nanoTime();
                LOG.infof("warm-up: %d of %d DTLS handshakes in %d ms, %d mixer ticks (%d encodes) in %d ms, "
                        + "%d metric records in %d ms", handshakeCount, WARM_UP_HANDSHAKES, (dtlsDone - start) / 1_000_000,
                        WARM_UP_TICKS, encodes, (mixerDone - dtlsDone) / 1_000_000, WARM_UP_METRIC_RECORDS,
                        (done - mixerDone) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("warm-up failed; the first sessions will run on colder code", e);
            } finally {
                warmedUp = true;
            }
        }, "media-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the start-up warm-up is over: readiness waits for it ({@link WarmUpReadiness}). */
    public boolean warmedUp() {
        return warmedUp;
    }

    public int meetingCount() {
        return meetings.size();
    }

    public UdpTransport transport() {
        return transport;
    }

    void onStop(@Observes ShutdownEvent event) {
        for (MediaMeeting meeting : List.copyOf(meetings.values())) {
            meeting.loop().execute(meeting::close);
        }
        if (transport != null) {
            transport.close();
        }
        if (handshakes != null) {
            handshakes.shutdownNow();
        }
        if (loops != null) {
            // the meetings' close tasks above run first: a loop finishes its queue before it stops
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
