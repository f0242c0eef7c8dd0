package io.carillon.bench.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generator's command line ({@code --name value} or {@code --name=value}); see {@link #USAGE}. */
final class Options {

    static final String USAGE = """
            Carillon media load generator: meetings of Java Chime clients (ICE, DTLS-SRTP, Opus every 20 ms)
            joined through meeting-service and signaling-service, then a steady window that is measured.

              java -jar infra/bench/media/target/carillon-media-load-0.1.0-SNAPSHOT.jar [options]

            Options:
              --endpoint URL          meeting-service base URL                                 (http://127.0.0.1:18380)
              --meetings N            meetings                                                  (2)
              --attendees N           attendees per meeting                                     (25)
              --speakers N            attendees per meeting that send speech; the others send
                                      Opus silence (3-byte frames, level 127) as a quiet browser (3)
              --ramp R                joins started per second, over all meetings               (20)
              --join-threads N        joins in flight at most (signaling round trips)           (32)
              --max-connecting N      the ramp pauses while this many joined attendees still wait
                                      for their media (ICE + DTLS); 0 = never pause            (4)
              --join-timeout SECONDS  one attendee's JOIN..SUBSCRIBE_ACK                        (15)
              --connect-timeout SECONDS  after the last join started: wait this long for every
                                      attendee's media to connect and hear audio, else fail     (30)
              --settle SECONDS        after all connected, before the steady window             (5)
              --duration SECONDS      the steady window that is measured                        (60)
              --probes N              after the window, attendees that join one at a time into the
                                      loaded meetings (silent; LEAVE once they hear audio): the time
                                      to first audio of one person joining a busy instance, apart
                                      from the ramp's joining storm; 0 = none                    (20)
              --probe-interval SECONDS  pause between two probes                                (0.5)
              --loops N               client MediaLoop threads (one selector, 20 ms ticks each)  (1)
              --handshake-threads N   threads running the clients' DTLS handshakes              (2)
              --send-phases N         each client loop spreads its attendees' sends over N phases
                                      20/N ms apart; 200 = packets one by one, as from browsers
                                      with unrelated clocks (1-400)                             (10)
              --realtime-priority N   run the client MediaLoop threads in SCHED_FIFO at this
                                      priority (needs root or CAP_SYS_NICE): clients on machines
                                      of their own are not held up by the server's load; 0 = off (0)
              --gap-ms MS             a receive gap: no packet for longer than this             (100)
              --metrics-url URL       media-service Prometheus metrics (…/q/metrics), scraped at the
                                      start and end of the steady window; omit to skip
              --pid NAME=PID          a local process whose CPU (utime+stime from /proc, JIT
                                      compiler threads apart) and RSS to report over the steady
                                      window; repeatable. NAME media-service gives the headline
                                      figure (CPU ms per attendee-second)
              --clk-tck N             clock ticks per second of /proc (getconf CLK_TCK)        (100)
              --region R              SigV4 region and MediaRegion                              (us-east-1)
              --access-key ID / --secret-key KEY   SigV4 credentials (AWS_ACCESS_KEY_ID /
                                      AWS_SECRET_ACCESS_KEY, else the development key)
              --delete-meetings BOOL  DeleteMeeting at the end                                  (true)
              --out FILE              also write the figures (Markdown) to FILE
              --help

            Exit status: 0 when every attendee connected and heard audio; 2 when some did not (after
            LEAVE and cleanup); 1 on a usage or setup error.
            """;

    String endpoint = "http://127.0.0.1:18380";
    int meetings = 2;
    int attendees = 25;
    int speakers = 3;
    double ramp = 20;
    int joinThreads = 32;
    int realtimePriority = 0;
    int maxConnecting = 4;
    Duration joinTimeout = Duration.ofSeconds(15);
    Duration connectTimeout = Duration.ofSeconds(30);
    Duration settle = Duration.ofSeconds(5);
    Duration duration = Duration.ofSeconds(60);
    int loops = 1;
    int sendPhases = io.carillon.client.media.MediaLoop.DEFAULT_PHASES;
    int probes = 20;
    Duration probeInterval = Duration.ofMillis(500);
    int handshakeThreads = 2;
    long gapMillis = 100;
    String metricsUrl;
    final Map<String, Long> pids = new LinkedHashMap<>();
    int clkTck = 100;
    String region = "us-east-1";
    String accessKey = env("AWS_ACCESS_KEY_ID", "AKIACARILLONDEV0001");
    String secretKey = env("AWS_SECRET_ACCESS_KEY", "carillon-development-secret-key-0001");
    boolean deleteMeetings = true;
    Path out;
    boolean help;

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                o.help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= list.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = list.get(++i);
            }
            try {
                o.set(name, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + ": not a number: " + value);
            }
        }
        o.check();
        return o;
    }

    private void set(String name, String value) {
        switch (name) {
            case "endpoint" -> endpoint = value.replaceAll("/+$", "");
            case "meetings" -> meetings = Integer.parseInt(value);
            case "attendees" -> attendees = Integer.parseInt(value);
            case "speakers" -> speakers = Integer.parseInt(value);
            case "ramp" -> ramp = Double.parseDouble(value.replace("/s", ""));
            case "join-threads" -> joinThreads = Integer.parseInt(value);
            case "max-connecting" -> maxConnecting = Integer.parseInt(value);
            case "join-timeout" -> joinTimeout = seconds(value);
            case "connect-timeout" -> connectTimeout = seconds(value);
            case "settle" -> settle = seconds(value);
            case "duration" -> duration = seconds(value);
            case "loops" -> loops = Integer.parseInt(value);
            case "send-phases" -> sendPhases = Integer.parseInt(value);
            case "probes" -> probes = Integer.parseInt(value);
            case "probe-interval" -> probeInterval = seconds(value);
            case "handshake-threads" -> handshakeThreads = Integer.parseInt(value);
            case "realtime-priority" -> realtimePriority = Integer.parseInt(value);
            case "gap-ms" -> gapMillis = Long.parseLong(value);
            case "metrics-url" -> metricsUrl = value.isBlank() ? null : value;
            case "pid" -> {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--pid wants NAME=PID, got " + value);
                }
                pids.put(value.substring(0, eq), Long.parseLong(value.substring(eq + 1)));
            }
            case "clk-tck" -> clkTck = Integer.parseInt(value);
            case "region" -> region = value;
            case "access-key" -> accessKey = value;
            case "secret-key" -> secretKey = value;
            case "delete-meetings" -> deleteMeetings = Boolean.parseBoolean(value);
            case "out" -> out = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option --" + name);
        }
    }

    private void check() {
        require(meetings >= 1, "--meetings must be at least 1");
        require(attendees >= 2, "--attendees must be at least 2");
        require(speakers >= 0 && speakers <= attendees, "--speakers must be between 0 and --attendees");
        require(ramp > 0, "--ramp must be positive");
        require(joinThreads >= 1 && loops >= 1 && handshakeThreads >= 1, "thread counts must be at least 1");
        require(realtimePriority >= 0 && realtimePriority <= 99, "--realtime-priority is 0-99");
        require(sendPhases >= 1 && sendPhases <= io.carillon.client.media.MediaLoop.MAX_PHASES,
                "--send-phases is 1-" + io.carillon.client.media.MediaLoop.MAX_PHASES);
        require(!duration.isZero() && !duration.isNegative(), "--duration must be positive");
        require(gapMillis >= 40, "--gap-ms must be at least 40 (two frames)");
        require(clkTck > 0, "--clk-tck must be positive");
        require(probes >= 0 && !probeInterval.isNegative(), "--probes and --probe-interval must not be negative");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static Duration seconds(String value) {
        String v = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    int total() {
        return meetings * attendees;
    }
}
