package io.carillon.bench.media;

import io.carillon.client.ChimeAttendee;
import io.carillon.client.audio.AudioSource;
import io.carillon.client.audio.Silence;
import io.carillon.client.audio.SpeechLoop;
import io.carillon.client.media.ClientMedia;
import io.carillon.client.media.MediaLoop;
import io.carillon.media.dtls.DtlsCertificate;
import io.carillon.media.dtls.DtlsWarmUp;
import io.carillon.media.scheduling.RealtimeScheduling;
import io.carillon.media.scheduling.ThreadCpuTimes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.BatchCreateAttendeeResponse;
import software.amazon.awssdk.services.chimesdkmeetings.model.CreateAttendeeRequestItem;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * The media load generator (usage: {@link Options#USAGE}).
 *
 * <ol>
 *   <li>Creates the meetings (CreateMeeting) and their attendees (BatchCreateAttendee) with the AWS SDK
 *       against meeting-service. Not measured.</li>
 *   <li>Ramp: starts {@code --ramp} joins per second. Each join is what amazon-chime-sdk-js does: the
 *       signaling WebSocket, JOIN, JOIN_ACK, INDEX, SUBSCRIBE with an SDP offer, SUBSCRIBE_ACK with the
 *       answer; then ICE (controlling), DTLS (client) and SRTP on the client's own UDP socket, driven
 *       by a shared {@link MediaLoop}. The first {@code --speakers} attendees of each meeting send
 *       pre-encoded speech, the others Opus silence; every client sends one frame per 20 ms.</li>
 *   <li>Waits until every attendee's media is connected and it has received audio; records join,
 *       connect and first-audio times. Any failure: exit status 2.</li>
 *   <li>Steady window of {@code --duration} after {@code --settle}: packets sent and received per
 *       attendee (the server sends each attendee one frame per 20 ms, silence included, so ~50/s),
 *       loss against that, receive gaps, the generator's late ticks, the CPU of the given processes
 *       from /proc and media-service's metrics at both ends.</li>
 *   <li>Probes ({@code --probes}): attendees that join one at a time into the loaded meetings, each
 *       timed from its WebSocket's opening to its first audio packet, then LEAVE.</li>
 *   <li>LEAVE for every attendee, DeleteMeeting, report.</li>
 * </ol>
 */
public final class MediaLoad {

    static final double PACKETS_PER_SECOND = 50;
    static final String MEDIA = "media-service";
    /** Thread names as /proc shows them (15 characters at most): media-service's media loops, the generator's media loops. */
    private static final String SERVER_LOOP_THREADS = "media-loop-";
    private static final String GENERATOR_LOOP_THREADS = "media-loop-";
    private static final ThreadCpuTimes.Times NO_THREADS = new ThreadCpuTimes.Times(0, 0, 0);

    private final Options o;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Meeting> meetings = new ArrayList<>();
    private final List<MediaLoop> loops = new ArrayList<>();
    private ExecutorService handshakes;
    private ExecutorService joins;
    private ChimeSdkMeetingsClient chime;
    private Probes probes = new Probes(new double[0], 0);
    private volatile boolean monitoring = true;
    private final java.util.concurrent.atomic.AtomicBoolean tornDown = new java.util.concurrent.atomic.AtomicBoolean();

    /** One synthetic attendee. */
    static final class Slot {
        final int index;
        final Meeting meeting;
        final Attendee attendee;
        final boolean speaker;
        volatile ClientMedia media;
        volatile ChimeAttendee chime;
        volatile String error;
        volatile boolean joinDone;
        volatile long joinNanos = -1;
        volatile long connectNanos = -1;
        volatile long createdAt;
        // steady window
        long sentBefore;
        long receivedBefore;
        long sentAfter;
        long receivedAfter;
        long lastSeen;
        long lastChangeAt;
        int gaps;
        long longestGapNanos;

        Slot(int index, Meeting meeting, Attendee attendee, boolean speaker) {
            this.index = index;
            this.meeting = meeting;
            this.attendee = attendee;
            this.speaker = speaker;
        }

        boolean connected() {
            ClientMedia m = media;
            return m != null && m.connected();
        }

        boolean hearing() {
            ClientMedia m = media;
            return m != null && m.received() > 0;
        }
    }

    MediaLoad(Options o) {
        this.o = o;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(Options.USAGE);
            System.exit(1);
            return;
        }
        if (options.help) {
            System.out.print(Options.USAGE);
            return;
        }
        int status;
        try {
            status = new MediaLoad(options).run();
        } catch (Exception e) {
            System.err.println("[load] error: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    int run() throws Exception {
        say("%d meetings × %d attendees (%d speaking) = %d attendees; ramp %s joins/s; steady %s s; %d client loop(s); endpoint %s",
                o.meetings, o.attendees, o.speakers, o.total(), num(o.ramp, 1), num(o.duration.toMillis() / 1000.0, 1), o.loops,
                o.endpoint);
        try {
            setUp();
            createMeetingsAndAttendees();
            long rampStart = System.nanoTime();
            Scheduling rampBefore = scheduling();
            ramp();
            long rampEnd = System.nanoTime();
            boolean allIn = awaitConnected(rampEnd);
            long connectedAt = System.nanoTime();
            Scheduling rampAfter = scheduling();
            List<String> problems = problems();
            if (!allIn || !problems.isEmpty()) {
                say("FAILED: %d of %d attendees not connected with audio", problems.size(), o.total());
                problems.stream().limit(20).forEach(p -> say("  %s", p));
                if (problems.size() > 20) {
                    say("  ... and %d more", problems.size() - 20);
                }
                return 2;
            }
            say("all %d attendees connected and hearing audio %.1f s after the first join (ramp took %.1f s: %.1f joins/s)", o.total(),
                    (connectedAt - rampStart) / 1e9, (rampEnd - rampStart) / 1e9, o.total() / Math.max(1e-9, (rampEnd - rampStart) / 1e9));
            long rampLateTicks = lateTicks();
            Thread.sleep(o.settle.toMillis());
            Window window = steady();
            probes = probe();
            report(window, rampLateTicks, rampBefore, rampAfter);
            return window.stillConnected == o.total() ? 0 : 2;
        } finally {
            tearDown();
        }
    }

    // ---------------------------------------------------------------- setup

    private void setUp() {
        // SIGTERM or Ctrl-C: still LEAVE and delete the meetings
        Runtime.getRuntime().addShutdownHook(new Thread(this::tearDown, "teardown"));
        chime = ChimeSdkMeetingsClient.builder().endpointOverride(URI.create(o.endpoint)).region(Region.of(o.region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(o.accessKey, o.secretKey)))
                .httpClient(UrlConnectionHttpClient.create()).build();
        handshakes = Executors.newFixedThreadPool(o.handshakeThreads, daemon("dtls"));
        joins = Executors.newFixedThreadPool(o.joinThreads, daemon("join"));
        warmUpClient();
    }

    /**
     * The generator's own DTLS code warm before the first join: a browser's handshake is native code, so a cold
     * Java client would add its interpreter time to the first joins' time to first audio.
     */
    private void warmUpClient() {
        if (o.handshakeThreads < 2) {
            return; // a warm-up handshake needs a thread per side
        }
        long start = System.nanoTime();
        try {
            int done = DtlsWarmUp.run(DtlsCertificate.generateEcdsaP256(), 40, handshakes, 10_000);
            say("client DTLS warm-up: %d handshakes in memory in %.1f s", done, (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createMeetingsAndAttendees() throws Exception {
        long start = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService creators = Executors.newFixedThreadPool(Math.min(8, o.meetings), daemon("create"));
        try {
            List<Future<List<Attendee>>> created = new ArrayList<>();
            for (int m = 0; m < o.meetings; m++) {
                String name = "media-load-" + run + "-" + m;
                Meeting meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                        .mediaRegion(o.region).externalMeetingId(name)).meeting();
                meetings.add(meeting);
                created.add(creators.submit(() -> createAttendees(meeting, name)));
            }
            for (int m = 0; m < o.meetings; m++) {
                List<Attendee> attendees = created.get(m).get(5, TimeUnit.MINUTES);
                for (int a = 0; a < attendees.size(); a++) {
                    slots.add(new Slot(slots.size(), meetings.get(m), attendees.get(a), a < o.speakers));
                }
            }
        } finally {
            creators.shutdownNow();
        }
        say("created %d meetings and %d attendees in %.1f s", meetings.size(), slots.size(), (System.nanoTime() - start) / 1e9);
    }

    private List<Attendee> createAttendees(Meeting meeting, String name) {
        List<Attendee> attendees = new ArrayList<>();
        for (int from = 0; from < o.attendees; from += 100) {
            List<CreateAttendeeRequestItem> items = new ArrayList<>();
            for (int a = from; a < Math.min(o.attendees, from + 100); a++) {
                items.add(CreateAttendeeRequestItem.builder().externalUserId(name + "-attendee-" + a).build());
            }
            BatchCreateAttendeeResponse response = chime.batchCreateAttendee(r -> r.meetingId(meeting.meetingId()).attendees(items));
            if (!response.errors().isEmpty()) {
                throw new IllegalStateException("BatchCreateAttendee in " + meeting.meetingId() + ": " + response.errors());
            }
            attendees.addAll(response.attendees());
        }
        return attendees;
    }

    // ---------------------------------------------------------------- ramp and connect

    /** On each client loop's thread: SCHED_FIFO when asked (--realtime-priority), said once if refused. */
    private void raiseLoop() {
        if (o.realtimePriority > 0) {
            RealtimeScheduling.Outcome outcome = RealtimeScheduling.raiseCurrentThread(o.realtimePriority);
            say("%s: %s", Thread.currentThread().getName(), outcome.applied() ? outcome.detail() : "stays ordinary, " + outcome.detail());
        }
    }

    private void ramp() throws InterruptedException {
        SpeechLoop speech = SpeechLoop.generate(20, 42);
        DtlsCertificate certificate = DtlsCertificate.generateEcdsaP256();
        for (int i = 0; i < o.loops; i++) {
            loops.add(new MediaLoop("media-loop-" + i, this::raiseLoop, o.sendPhases));
        }
        AtomicInteger started = new AtomicInteger();
        Thread connectMonitor = daemon("connect-monitor").newThread(this::watchConnects);
        connectMonitor.start();
        Thread progress = daemon("progress").newThread(() -> {
            while (monitoring) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
                if (monitoring) {
                    progress(started.get());
                }
            }
        });
        progress.start();
        long start = System.nanoTime();
        double perJoin = 1e9 / o.ramp;
        long paused = 0;
        for (Slot slot : slots) {
            long due = start + paused + Math.round(slot.index * perJoin);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // Joins beyond what the handshakes keep up with only time out (both ends run blocking DTLS
            // handshakes on small pools): hold the ramp while too many wait for their media.
            long pauseStart = System.nanoTime();
            long giveUp = pauseStart + o.connectTimeout.toNanos() + o.joinTimeout.toNanos();
            while (o.maxConnecting > 0 && connecting(slot.index) >= o.maxConnecting && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            paused += System.nanoTime() - pauseStart;
            if (System.nanoTime() >= giveUp) {
                say("ramp stalled: %d attendees waited for their media for %s s; not starting the other %d", o.maxConnecting,
                        num((o.connectTimeout.toMillis() + o.joinTimeout.toMillis()) / 1000.0, 0), slots.size() - slot.index);
                for (Slot rest : slots.subList(slot.index, slots.size())) {
                    rest.error = "not started: the ramp stalled";
                    rest.joinDone = true;
                }
                return;
            }
            started.incrementAndGet();
            AudioSource source = slot.speaker ? speech.speaker(slot.index * 137) : new Silence();
            MediaLoop loop = loops.get(slot.index % loops.size());
            joins.execute(() -> join(slot, certificate, source, loop));
        }
    }

    /** Attendees started before {@code upTo} whose join is running or whose media is not connected yet. */
    private int connecting(int upTo) {
        int n = 0;
        long now = System.nanoTime();
        for (int i = 0; i < upTo; i++) {
            Slot s = slots.get(i);
            // an attendee not connected a connect timeout after its join has failed: it no longer holds the ramp
            if (s.error == null && (!s.joinDone || (!s.connected() && now - s.createdAt - s.joinNanos < o.connectTimeout.toNanos()))) {
                n++;
            }
        }
        return n;
    }

    private void join(Slot slot, DtlsCertificate certificate, AudioSource source, MediaLoop loop) {
        long start = System.nanoTime();
        slot.createdAt = start;
        ClientMedia media = new ClientMedia(certificate, source, null);
        slot.media = media;
        try {
            slot.chime = ChimeAttendee.join(slot.meeting.mediaPlacement().signalingUrl(), slot.meeting.mediaPlacement().audioHostUrl(),
                    slot.attendee.attendeeId(), slot.attendee.joinToken(), media, loop, handshakes, o.joinTimeout);
            slot.joinNanos = System.nanoTime() - start;
            // nothing is awaited after the join: kept frames would only be garbage for the collector to copy
            slot.chime.signaling().keepNothing();
        } catch (RuntimeException e) {
            slot.error = "join: " + e.getMessage();
            media.close();
        } finally {
            slot.joinDone = true;
        }
    }

    /** Time to first audio of the probe attendees (ms, sorted) and how many never heard audio. */
    record Probes(double[] ttfaMillis, int failed) {
    }

    /**
     * After the window: attendees that join one at a time into the loaded meetings, each a silent listener that
     * leaves once it hears audio. Their time to first audio is what one person joining a busy instance waits; the
     * ramp's figure is that of a joining storm (every attendee of the instance within seconds).
     */
    private Probes probe() throws InterruptedException {
        if (o.probes == 0) {
            return new Probes(new double[0], 0);
        }
        DtlsCertificate certificate = DtlsCertificate.generateEcdsaP256();
        List<Double> ttfa = new ArrayList<>();
        int failed = 0;
        for (int p = 0; p < o.probes; p++) {
            Meeting meeting = meetings.get(p % meetings.size());
            String externalUserId = "probe-" + p;
            ClientMedia media = null;
            ChimeAttendee attendee = null;
            try {
                Attendee created = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId(externalUserId)).attendee();
                media = new ClientMedia(certificate, new Silence(), null); // its clock starts here: at the WebSocket's opening
                attendee = ChimeAttendee.join(meeting.mediaPlacement().signalingUrl(), meeting.mediaPlacement().audioHostUrl(),
                        created.attendeeId(), created.joinToken(), media, loops.get(p % loops.size()), handshakes, o.joinTimeout);
                attendee.signaling().keepNothing();
                long deadline = System.nanoTime() + o.connectTimeout.toNanos();
                while (media.nanosToFirstAudio() < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                if (media.nanosToFirstAudio() < 0) {
                    failed++;
                } else {
                    ttfa.add(media.nanosToFirstAudio() / 1e6);
                }
            } catch (RuntimeException e) {
                failed++;
                say("probe %d: %s", p, e.getMessage());
            } finally {
                if (attendee != null) {
                    attendee.close();
                } else if (media != null) {
                    media.close();
                }
            }
            Thread.sleep(o.probeInterval.toMillis());
        }
        double[] sorted = ttfa.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        say("probes: %d joined one at a time into the loaded meetings; time to first audio p50 %s / p95 %s ms, %d without audio",
                sorted.length, num(pct(sorted, 50), 0), num(pct(sorted, 95), 0), failed);
        return new Probes(sorted, failed);
    }

    /** Notes when each attendee's SRTP keys arrive (polled every 10 ms). */
    private void watchConnects() {
        while (monitoring) {
            long now = System.nanoTime();
            for (Slot slot : slots) {
                if (slot.connectNanos < 0 && slot.connected()) {
                    slot.connectNanos = now - slot.createdAt;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void progress(int started) {
        int done = 0;
        int failed = 0;
        int connected = 0;
        int hearing = 0;
        for (Slot slot : slots) {
            if (slot.joinDone) {
                done++;
                if (slot.error != null) {
                    failed++;
                }
            }
            if (slot.connected()) {
                connected++;
            }
            if (slot.hearing()) {
                hearing++;
            }
        }
        say("joins started %d/%d, answered %d (%d failed), media connected %d, hearing audio %d; generator late ticks %d",
                started, o.total(), done - failed, failed, connected, hearing, lateTicks());
    }

    /** Waits for every join to finish and every joined attendee to connect and hear audio. */
    private boolean awaitConnected(long rampEnd) throws InterruptedException {
        long deadline = rampEnd + o.connectTimeout.toNanos() + o.joinTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Slot slot : slots) {
                if (!slot.joinDone || (slot.error == null && (!slot.connected() || !slot.hearing()))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                break;
            }
            Thread.sleep(20);
        }
        monitoring = false;
        progress(o.total());
        return slots.stream().allMatch(s -> s.error == null && s.connected() && s.hearing());
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Slot slot : slots) {
            String who = "attendee " + slot.index + " (" + slot.attendee.attendeeId() + ", meeting " + slot.meeting.meetingId() + ")";
            if (!slot.joinDone) {
                problems.add(who + ": join still running");
            } else if (slot.error != null) {
                problems.add(who + ": " + slot.error);
            } else if (!slot.connected()) {
                problems.add(who + ": joined, media not connected (ICE/DTLS)");
            } else if (!slot.hearing()) {
                problems.add(who + ": connected, no audio received");
            }
        }
        return problems;
    }

    // ---------------------------------------------------------------- steady window

    /** What the steady window measured. */
    record Window(double seconds, Map<String, ProcStats.Cpu> cpuBefore, Map<String, ProcStats.Cpu> cpuAfter,
            Map<String, long[]> memory, ProcStats.Cpu selfBefore, ProcStats.Cpu selfAfter, long busyBefore, long busyAfter,
            long stealTicks, Metrics metricsBefore, Metrics metricsAfter, long lateTicks, int samplerStalls, int stillConnected,
            long[] tickLatenessMillis, Scheduling schedBefore, Scheduling schedAfter) {
    }

    /** One reading of how the scheduler treated media-service's event loops and the generator's media loops. */
    record Scheduling(ThreadCpuTimes.Times media, ThreadCpuTimes.Times generator) {
    }

    private Scheduling scheduling() {
        Long media = o.pids.get(MEDIA);
        return new Scheduling(media == null ? NO_THREADS : ThreadCpuTimes.of(String.valueOf(media), SERVER_LOOP_THREADS),
                ThreadCpuTimes.of(GENERATOR_LOOP_THREADS));
    }

    private Window steady() throws InterruptedException {
        long gapNanos = o.gapMillis * 1_000_000L;
        Metrics metricsBefore = Metrics.scrape(o.metricsUrl);
        long lateBefore = lateTicks();
        long[] latenessBefore = tickLateness();
        long start = System.nanoTime();
        for (Slot slot : slots) {
            slot.sentBefore = slot.media.sent();
            slot.receivedBefore = slot.media.received();
            slot.lastSeen = slot.receivedBefore;
            slot.lastChangeAt = start;
        }
        Map<String, ProcStats.Cpu> cpuBefore = cpu();
        ProcStats.Cpu selfBefore = ProcStats.cpu("self");
        long busyBefore = ProcStats.machineBusy();
        long stealBefore = ProcStats.steal();
        Scheduling schedBefore = scheduling();
        say("steady window: %s s", num(o.duration.toMillis() / 1000.0, 1));

        long end = start + o.duration.toNanos();
        long nextProgress = start + 10_000_000_000L;
        long lastSample = start;
        int stalls = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (now - lastSample > gapNanos / 2) {
                // the sampler itself was held up: what it sees now says nothing about gaps
                stalls++;
                for (Slot slot : slots) {
                    slot.lastSeen = slot.media.received();
                    slot.lastChangeAt = now;
                }
            } else {
                for (Slot slot : slots) {
                    long r = slot.media.received();
                    if (r != slot.lastSeen) {
                        long gap = now - slot.lastChangeAt;
                        if (gap > gapNanos) {
                            slot.gaps++;
                        }
                        slot.longestGapNanos = Math.max(slot.longestGapNanos, gap);
                        slot.lastSeen = r;
                        slot.lastChangeAt = now;
                    }
                }
            }
            lastSample = now;
            if (now >= nextProgress) {
                nextProgress += 10_000_000_000L;
                double elapsed = (now - start) / 1e9;
                long received = 0;
                for (Slot slot : slots) {
                    received += slot.media.received() - slot.receivedBefore;
                }
                say("steady %.0f/%s s: received %.1f packets/s per attendee; generator late ticks %d", elapsed,
                        num(o.duration.toMillis() / 1000.0, 0), received / elapsed / slots.size(), lateTicks() - lateBefore);
            }
            Thread.sleep(Math.max(1, Math.min(10, (end - System.nanoTime()) / 1_000_000)));
        }
        Map<String, ProcStats.Cpu> cpuAfter = cpu();
        ProcStats.Cpu selfAfter = ProcStats.cpu("self");
        long busyAfter = ProcStats.machineBusy();
        long stealAfter = ProcStats.steal();
        Scheduling schedAfter = scheduling();
        long stop = System.nanoTime();
        for (Slot slot : slots) {
            slot.sentAfter = slot.media.sent();
            slot.receivedAfter = slot.media.received();
            long open = stop - slot.lastChangeAt;
            if (open > gapNanos) {
                slot.gaps++;
            }
            slot.longestGapNanos = Math.max(slot.longestGapNanos, open);
        }
        long lateAfter = lateTicks();
        long[] lateness = tickLateness();
        for (int i = 0; i < lateness.length; i++) {
            lateness[i] -= latenessBefore[i];
        }
        Map<String, long[]> memory = new LinkedHashMap<>();
        o.pids.forEach((name, pid) -> memory.put(name, ProcStats.memoryKib(String.valueOf(pid))));
        Metrics metricsAfter = Metrics.scrape(o.metricsUrl);
        int stillConnected = (int) slots.stream().filter(s -> !s.chime.signaling().closed() && s.connected()).count();
        return new Window((stop - start) / 1e9, cpuBefore, cpuAfter, memory, selfBefore, selfAfter, busyBefore, busyAfter,
                stealBefore < 0 || stealAfter < 0 ? -1 : stealAfter - stealBefore, metricsBefore, metricsAfter, lateAfter - lateBefore, stalls, stillConnected, lateness,
                schedBefore, schedAfter);
    }

    private Map<String, ProcStats.Cpu> cpu() {
        Map<String, ProcStats.Cpu> cpu = new LinkedHashMap<>();
        o.pids.forEach((name, pid) -> cpu.put(name, ProcStats.cpu(String.valueOf(pid))));
        return cpu;
    }

    /** The loops' tick lateness so far, summed: element k counts ticks k..k+1 ms late. */
    private long[] tickLateness() {
        long[] sum = new long[MediaLoop.LATENESS_BUCKETS];
        for (MediaLoop loop : loops) {
            long[] one = loop.tickLatenessMillis();
            for (int i = 0; i < Math.min(sum.length, one.length); i++) {
                sum[i] += one[i];
            }
        }
        return sum;
    }

    /** The q-quantile (0..1) of a lateness histogram, as "< k ms" (the 1 ms bucket's upper end; "≥ 100" for the last). */
    private static String latenessQuantile(long[] histogram, double q) {
        long total = Arrays.stream(histogram).sum();
        if (total == 0) {
            return "-";
        }
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= q * total) {
                return i == histogram.length - 1 ? "≥ " + i : "< " + (i + 1);
            }
        }
        return "-";
    }

    private long lateTicks() {
        long late = 0;
        for (MediaLoop loop : loops) {
            late += loop.lateTicks();
        }
        return late;
    }

    // ---------------------------------------------------------------- report

    private void report(Window w, long rampLateTicks, Scheduling rampBefore, Scheduling rampAfter) throws IOException {
        int n = slots.size();
        double seconds = w.seconds();
        double[] sentRate = new double[n];
        double[] receivedRate = new double[n];
        long received = 0;
        long gaps = 0;
        int withGaps = 0;
        long longestGap = 0;
        int short95 = 0;
        for (int i = 0; i < n; i++) {
            Slot s = slots.get(i);
            sentRate[i] = (s.sentAfter - s.sentBefore) / seconds;
            receivedRate[i] = (s.receivedAfter - s.receivedBefore) / seconds;
            received += s.receivedAfter - s.receivedBefore;
            gaps += s.gaps;
            if (s.gaps > 0) {
                withGaps++;
            }
            longestGap = Math.max(longestGap, s.longestGapNanos);
            if (receivedRate[i] < 0.95 * PACKETS_PER_SECOND) {
                short95++;
            }
        }
        double expected = n * seconds * PACKETS_PER_SECOND;
        double[] ttfa = millis(slots.stream().mapToLong(s -> s.media.nanosToFirstAudio()).toArray());
        double[] joinMs = millis(slots.stream().mapToLong(s -> s.joinNanos).toArray());
        double[] connectMs = millis(slots.stream().mapToLong(s -> s.connectNanos).toArray());

        StringBuilder md = new StringBuilder();
        Map<String, String[]> rows = new LinkedHashMap<>();
        rows.put("attendees connected", new String[] {w.stillConnected() + " / " + n + " (" + o.meetings + " meetings × "
                + o.attendees + ", " + o.speakers + " speaking in each)", "connected at the end of the steady window"});
        rows.put("steady window", new String[] {num(seconds, 1) + " s", "after all connected and " + num(o.settle.toMillis() / 1000.0, 0)
                + " s settling"});

        ProcStats.Cpu before = w.cpuBefore().get(MEDIA);
        ProcStats.Cpu after = w.cpuAfter().get(MEDIA);
        if (before != null && before.known() && after != null && after.known()) {
            double cpuMs = (after.ticks() - before.ticks()) * 1000.0 / o.clkTck;
            double jitMs = (after.jitTicks() - before.jitTicks()) * 1000.0 / o.clkTck;
            double perAttendeeSecond = (cpuMs - jitMs) / (n * seconds);
            rows.put("media-service CPU", new String[] {num(cpuMs / 1000, 2) + " s (" + num(100 * cpuMs / 1000 / seconds, 1)
                    + "% of a core), of which JIT compilers " + num(jitMs / 1000, 2) + " s", "utime+stime from /proc over the window"});
            rows.put("**media-service CPU ms per attendee-second**", new String[] {"**" + num(perAttendeeSecond, 3) + "**",
                    "(CPU ms - JIT ms) / (attendees × seconds)"});
            rows.put("**implied attendees per core**", new String[] {"**" + (perAttendeeSecond > 0 ? num(1000 / perAttendeeSecond, 0) : "∞")
                    + "**", "1000 / the figure above; CPU only, at 100% of a core"});
        }
        long[] mem = w.memory().get(MEDIA);
        if (mem != null && mem[0] >= 0) {
            rows.put("media-service RSS", new String[] {mib(mem[0]) + " MiB (peak " + mib(mem[1]) + " MiB)", "VmRSS (VmHWM) at the end"});
        }
        Metrics mb = w.metricsBefore();
        Metrics ma = w.metricsAfter();
        if (!ma.isEmpty()) {
            String tick = "carillon_media_mixer_tick_duration_seconds";
            String late = "carillon_media_mixer_tick_lateness_seconds";
            double ticks = Metrics.delta(mb, ma, tick + "_count");
            rows.put("mixer tick duration p50 / p99 (mean)", new String[] {ms(ma.quantile(tick, "0.5")) + " / " + ms(ma.quantile(tick, "0.99"))
                    + " ms (" + ms(Metrics.meanBetween(mb, ma, tick)) + ")", "one meeting's mix per 20 ms; quantiles over the last ~2 min, mean over the window"});
            rows.put("mixer tick lateness p99 (mean, max)", new String[] {ms(ma.quantile(late, "0.99")) + " ms (" + ms(Metrics.meanBetween(mb, ma, late))
                    + ", " + ms(ma.sum(late + "_max")) + ")", "how late a tick started; max over the last ~2 min"});
            rows.put("mixer ticks per second", new String[] {num(ticks / seconds, 1), "expected 50 × meetings = " + (50 * o.meetings)});
            rows.put("decodes / encodes per tick", new String[] {num(Metrics.meanBetween(mb, ma, "carillon_media_mixer_decodes_per_tick"), 2)
                    + " / " + num(Metrics.meanBetween(mb, ma, "carillon_media_mixer_encodes_per_tick"), 2), "mean per meeting tick over the window"});
            rows.put("server packets received / sent per second", new String[] {num(Metrics.delta(mb, ma, "carillon_media_packets_received") / seconds, 0)
                    + " / " + num(Metrics.delta(mb, ma, "carillon_media_packets_sent") / seconds, 0), "expected " + num(n * PACKETS_PER_SECOND, 0)
                    + " each (50 per attendee), plus STUN and RTCP"});
            rows.put("packets dropped by the server", new String[] {num(Metrics.delta(mb, ma, "carillon_media_packets_dropped"), 0)
                    + " in the window (" + num(ma.sum("carillon_media_packets_dropped"), 0) + " since start)", "carillon_media_packets_dropped"});
            String delay = "carillon_media_audio_in_server_delay_seconds";
            rows.put("**in-server delay p50 / p99** (mean)", new String[] {"**≤ " + ms(Metrics.bucketQuantileBetween(mb, ma, delay, 0.5))
                    + " / ≤ " + ms(Metrics.bucketQuantileBetween(mb, ma, delay, 0.99)) + " ms** (" + ms(Metrics.meanBetween(mb, ma, delay)) + ")",
                    "a speaker's datagram in to the mix carrying it out, over the window (bucket upper bounds)"});
            rows.put("in-server delay: frames within 20 / 30 / 40 / 60 ms", new String[] {
                    pctOf(Metrics.bucketShareBetween(mb, ma, delay, "0.02")) + " / " + pctOf(Metrics.bucketShareBetween(mb, ma, delay, "0.03"))
                    + " / " + pctOf(Metrics.bucketShareBetween(mb, ma, delay, "0.04")) + " / " + pctOf(Metrics.bucketShareBetween(mb, ma, delay, "0.06")),
                    "share of the window's mixed frames"});
            double decoded = Metrics.delta(mb, ma, "carillon_media_mixer_decodes_per_tick_sum");
            double concealed = Metrics.delta(mb, ma, "carillon_media_audio_frames_concealed_total");
            double fec = Metrics.delta(mb, ma, "carillon_media_audio_frames_fec_total");
            rows.put("speakers' frames concealed / FEC-recovered", new String[] {num(concealed, 0) + " / " + num(fec, 0) + " ("
                    + (decoded > 0 ? num(100 * concealed / decoded, 3) : "-") + " % concealed)",
                    "of the frames the mixer decoded in the window: lost, or too late for their tick (what a shorter jitter buffer costs)"});
            rows.put("server connect time mean: all = ICE + DTLS", new String[] {ms(ma.mean("carillon_media_connect_time_seconds")) + " = "
                    + ms(ma.mean("carillon_media_connect_ice_time_seconds")) + " + " + ms(ma.mean("carillon_media_connect_dtls_time_seconds"))
                    + " ms (max " + ms(ma.sum("carillon_media_connect_time_seconds_max")) + ")",
                    "server side, every session since start: SUBSCRIBE to the first valid ICE check, then to SRTP keys"});
        }
        rows.put("client packets sent per attendee per second", new String[] {num(mean(sentRate), 2) + " (min " + num(min(sentRate), 1) + ")",
                "expected 50"});
        rows.put("client packets received per attendee per second", new String[] {num(mean(receivedRate), 2) + " (min " + num(min(receivedRate), 1)
                + ", max " + num(max(receivedRate), 1) + ")", "expected 50: the server sends a frame per 20 ms, silence included"});
        rows.put("receive loss", new String[] {num(100 * (1 - received / expected), 2) + "% (" + received + " of " + num(expected, 0)
                + "); " + short95 + " attendees under 95%", "1 - received / (attendees × seconds × 50); negative = more than 50/s"});
        rows.put("receive gaps > " + o.gapMillis + " ms", new String[] {gaps + " in " + withGaps + " attendees; longest " + num(longestGap / 1e6, 0)
                + " ms" + (w.samplerStalls() > 0 ? " (sampler held up " + w.samplerStalls() + " times)" : ""),
                "no packet for longer than " + o.gapMillis + " ms, sampled every 10 ms"});
        rows.put("time to first audio p50 / p95 (max)", new String[] {num(pct(ttfa, 50), 0) + " / " + num(pct(ttfa, 95), 0) + " ms ("
                + num(max(ttfa), 0) + ")", "join start (WebSocket open) to the first audio packet"});
        if (o.probes > 0) {
            double[] p = probes.ttfaMillis();
            rows.put("**time to first audio, one join at a time into the loaded meetings** p50 / p95 (max)", new String[] {
                    p.length == 0 ? "-" : "**" + num(pct(p, 50), 0) + " / " + num(pct(p, 95), 0) + " ms** (" + num(max(p), 0) + "), "
                            + p.length + " probes" + (probes.failed() > 0 ? ", " + probes.failed() + " without audio" : ""),
                    "after the window, with every attendee still in: WebSocket open to the first audio packet, as above"});
        }
        rows.put("join p50 / p95", new String[] {num(pct(joinMs, 50), 0) + " / " + num(pct(joinMs, 95), 0) + " ms",
                "WebSocket, JOIN .. SUBSCRIBE_ACK"});
        rows.put("media connected p50 / p95", new String[] {num(pct(connectMs, 50), 0) + " / " + num(pct(connectMs, 95), 0) + " ms",
                "join start to SRTP keys (ICE + DTLS), polled every 10 ms"});
        rows.put("generator send-tick lateness p50 / p99 / p99.9", new String[] {latenessQuantile(w.tickLatenessMillis(), 0.5) + " / "
                + latenessQuantile(w.tickLatenessMillis(), 0.99) + " / " + latenessQuantile(w.tickLatenessMillis(), 0.999) + " ms",
                "how late the generator's send ticks (each attendee on one of " + o.sendPhases + " phases "
                        + num(20.0 / o.sendPhases, 2) + " ms apart, every 20 ms) sent their packets in the window: arrival jitter the server's jitter buffers see"});
        rows.put("generator late ticks", new String[] {w.lateTicks() + " in the window (" + rampLateTicks + " during ramp)",
                "send ticks (" + 50 * o.sendPhases + " per second per loop) > 20 ms late: the generator was overloaded"});
        double selfMs = (w.selfAfter().ticks() - w.selfBefore().ticks()) * 1000.0 / o.clkTck;
        rows.put("generator CPU", new String[] {num(selfMs / 1000, 2) + " s (" + num(100 * selfMs / 1000 / seconds, 1) + "% of a core)",
                "this process, same window"});
        if (w.busyBefore() >= 0) {
            double busy = (w.busyAfter() - w.busyBefore()) * 1000.0 / o.clkTck;
            double ours = selfMs;
            for (String name : w.cpuAfter().keySet()) {
                ProcStats.Cpu b = w.cpuBefore().get(name);
                ProcStats.Cpu a = w.cpuAfter().get(name);
                if (b.known() && a.known()) {
                    ours += (a.ticks() - b.ticks()) * 1000.0 / o.clkTck;
                }
            }
            double steal = w.stealTicks() < 0 ? 0 : w.stealTicks() * 1000.0 / o.clkTck;
            rows.put("machine busy / other processes / steal", new String[] {num(busy / 1000, 1) + " / "
                    + num(Math.max(0, busy - ours - steal) / 1000, 1) + " / " + (w.stealTicks() < 0 ? "?" : num(steal / 1000, 1))
                    + " CPU s", "others = machine busy minus the listed processes, the generator and steal; steal = CPU time"
                    + " the VM's host gave to others while the VM wanted it; high = disturbed"});
        }

        rows.put("media-service event loops: on a CPU / waiting for one", new String[] {
                waited(rampBefore.media(), rampAfter.media(), w.schedBefore().media(), w.schedAfter().media()),
                "CPU s of the media-loop threads (/proc/…/task/…/schedstat), during the ramp and in the window; waiting ="
                + " runnable while other threads had both CPUs: what the machine's load adds to every packet and tick"});
        rows.put("generator media loops: on a CPU / waiting for one", new String[] {
                waited(rampBefore.generator(), rampAfter.generator(), w.schedBefore().generator(), w.schedAfter().generator()),
                "the same for the generator's own loops"});

        md.append("| figure | value | meaning |\n|---|---|---|\n");
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1]).append(" |\n"));
        if (!o.pids.isEmpty()) {
            md.append("\nCPU over the steady window, per process (JIT compiler threads included in CPU s):\n\n");
            md.append("| process | CPU s | % of a core | JIT s | ms per attendee-second | RSS MiB |\n|---|--:|--:|--:|--:|--:|\n");
            for (String name : o.pids.keySet()) {
                ProcStats.Cpu b = w.cpuBefore().get(name);
                ProcStats.Cpu a = w.cpuAfter().get(name);
                long[] m = w.memory().get(name);
                if (!b.known() || !a.known()) {
                    md.append("| ").append(name).append(" | ? | ? | ? | ? | ? |\n");
                    continue;
                }
                double cpu = (a.ticks() - b.ticks()) / (double) o.clkTck;
                double jit = (a.jitTicks() - b.jitTicks()) / (double) o.clkTck;
                md.append("| ").append(name).append(" | ").append(num(cpu, 2)).append(" | ").append(num(100 * cpu / seconds, 1))
                        .append(" | ").append(num(jit, 2)).append(" | ").append(num((cpu - jit) * 1000 / (n * seconds), 3))
                        .append(" | ").append(m[0] >= 0 ? mib(m[0]) : "?").append(" |\n");
            }
        }
        System.out.println();
        System.out.print(md);
        System.out.println();
        if (o.out != null) {
            if (o.out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(o.out.toAbsolutePath().getParent());
            }
            Files.writeString(o.out, md.toString());
            if (!w.metricsAfter().isEmpty()) {
                Files.writeString(o.out.resolveSibling(o.out.getFileName() + ".metrics.txt"), w.metricsAfter().text());
            }
        }
    }

    private static String waited(ThreadCpuTimes.Times rampBefore, ThreadCpuTimes.Times rampAfter, ThreadCpuTimes.Times before,
            ThreadCpuTimes.Times after) {
        return "ramp " + runWait(rampBefore, rampAfter) + "; window " + runWait(before, after);
    }

    private static String runWait(ThreadCpuTimes.Times before, ThreadCpuTimes.Times after) {
        if (after.threads() == 0) {
            return "?"; // no such threads, or /proc unreadable (before, the generator's loops do not exist yet: zero)
        }
        return num((after.runNanos() - before.runNanos()) / 1e9, 1) + " / " + num((after.waitNanos() - before.waitNanos()) / 1e9, 1) + " s";
    }

    // ---------------------------------------------------------------- teardown

    private void tearDown() {
        if (!tornDown.compareAndSet(false, true)) {
            return;
        }
        monitoring = false;
        long start = System.nanoTime();
        int left = 0;
        for (Slot slot : slots) {
            ChimeAttendee c = slot.chime;
            if (c != null) {
                try {
                    c.close();
                    left++;
                } catch (RuntimeException e) {
                    // closing anyway
                }
            } else if (slot.media != null) {
                slot.media.close();
            }
        }
        if (left > 0) {
            say("%d attendees sent LEAVE and closed in %.1f s", left, (System.nanoTime() - start) / 1e9);
        }
        loops.forEach(MediaLoop::close);
        if (joins != null) {
            joins.shutdownNow();
        }
        if (handshakes != null) {
            handshakes.shutdownNow();
        }
        if (chime != null) {
            if (o.deleteMeetings) {
                int deleted = 0;
                for (Meeting meeting : meetings) {
                    try {
                        chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
                        deleted++;
                    } catch (RuntimeException e) {
                        say("DeleteMeeting %s: %s", meeting.meetingId(), e.getMessage());
                    }
                }
                if (deleted > 0) {
                    say("deleted %d meetings", deleted);
                }
            }
            chime.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void say(String format, Object... args) {
        System.out.println("[load] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    /** Known values (>= 0) in ms, sorted. */
    private static double[] millis(long[] nanos) {
        return Arrays.stream(nanos).filter(v -> v >= 0).mapToDouble(v -> v / 1e6).sorted().toArray();
    }

    /** Nearest rank of sorted values, NaN if none. */
    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static String pctOf(double share) {
        return num(100 * share, 1) + " %";
    }

    private static String ms(double seconds) {
        return num(seconds * 1000, 2);
    }

    private static String mib(long kib) {
        return num(kib / 1024.0, 0);
    }

    static String num(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
