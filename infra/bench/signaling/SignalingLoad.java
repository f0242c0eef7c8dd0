/*
 * Load generator for Carillon's signaling-service: connected sessions per instance and the latency
 * of data messages through Kafka.
 *
 * Single-file Java 17 program. Needs the signaling protocol classes, protobuf-java and, for the default
 * Vert.x WebSocket client, vertx-core with Netty and jackson-core (signaling-load.sh takes them from
 * signaling-service's Quarkus app):
 *   java -cp services/signaling-protocol/target/carillon-signaling-protocol-*.jar:<protobuf-java.jar>:<vertx> \
 *        infra/bench/signaling/SignalingLoad.java [options]
 * Normally started by infra/bench/signaling/signaling-load.sh, which also starts Kafka, token-service,
 * meeting-service and one signaling-service.
 *
 * What it does:
 *  1. Creates --meetings meetings and --attendees attendees in each through meeting-service's Chime
 *     API (SigV4-signed, as ControlPlaneLoad does): one join token per session. Not timed as load.
 *  2. Opens one WebSocket per attendee to the meeting's MediaPlacement.SignalingUrl (Vert.x client, or
 *     with --client jdk java.net.http.WebSocket; subprotocols "_aws_wt_session", <JoinToken>), sends JOIN and waits for
 *     JOIN_ACK, INDEX and the roster (AUDIO_STREAM_ID_INFO). Reports the time to connect and join all,
 *     per-session connect+join time, and failures. Every session sends a PING every --ping-interval
 *     seconds from then on (the server drops sessions silent for 30 s).
 *  3. Idle baseline: CPU of each process holding all sessions with only pings.
 *  4. Warm-up at --warmup-rate (not reported) until the JIT compilers calm down.
 *  5. For each rate of --rates: an open-loop phase of --duration seconds. One pacer thread sends
 *     DATA_MESSAGE frames at that total rate, round-robin over the meetings; within a meeting the
 *     sender rotates over the attendees (so each session sends rate / sessions messages/s, far under
 *     the server's 20/s per-session limit). The data (--size bytes) carries the intended send time
 *     (System.nanoTime, the pacer's schedule: lateness of the generator itself counts as latency),
 *     the phase and a sequence number. The server fans each message out through Kafka to every other
 *     joined session of the meeting; each receiver records latency = receive time - intended send
 *     time (sender and receivers are in this process, so nanoTime is comparable). After the phase it
 *     waits up to --drain seconds for the stragglers.
 *     Reported per phase: messages sent, deliveries expected (sum over messages of the other joined
 *     sessions of the meeting at send time) and received, loss, p50/p90/p99/p99.9/max of delivery
 *     latency over every delivery, throttled echoes and error frames, pacer lag, the CPU time of each
 *     process named with --pid (utime+stime from /proc/<pid>/stat, JIT compiler threads apart) per
 *     1,000 deliveries, machine busy time, and the RSS of the --rss-pid process.
 *
 * Options (--name value or --name=value):
 *   --endpoint URL          meeting-service base URL                      (http://127.0.0.1:18280)
 *   --signaling-url URL     override the SignalingUrl base (ws://host:port); default: from CreateMeeting
 *   --meetings N            meetings                                      (80)
 *   --attendees N           sessions per meeting                          (25)
 *   --rates LIST            messages/s of the measured phases, in this order (500,1000,2000); the target
 *                           of the issue is p99 < 50 ms at 1000
 *   --duration SECONDS      measured time of each phase                   (30)
 *   --warmup SECONDS        longest warm-up                               (60)
 *   --warmup-rate N         messages/s of the warm-up                     (1000)
 *   --warmup-min SECONDS    shortest warm-up                              (15); in between, it ends once the JIT
 *                           compiler threads of all processes used < 10% of a core over 5 s
 *   --idle SECONDS          idle baseline with all sessions joined, pings only (10); 0 = skip
 *   --drain SECONDS         after a phase, wait up to this long for deliveries still on their way (20)
 *   --quiet-wait SECONDS    before each measured phase, wait up to this long while other processes keep
 *                           more than a quarter of a core busy (120); 0 = don't wait
 *   --size BYTES            data bytes per message, 24..2048               (100)
 *   --ping-interval SECONDS PING period of every session                  (10)
 *   --connect-concurrency N sessions connecting/joining at the same time  (50)
 *   --client jdk|vertx      the WebSocket client: vertx (Netty, --event-loops threads; needs vertx-core and
 *                           Netty on the classpath, as signaling-load.sh provides) or jdk
 *                           (java.net.http.WebSocket, costs about as much CPU per delivery as the server)  (vertx)
 *   --event-loops N         Vert.x event loops of the vertx client        (2)
 *   --http-clients N        JDK HttpClients the sockets are spread over (one selector thread each) (4)
 *   --threads N             executor threads shared by those clients (0); 0 = none: each client's selector
 *                           thread runs the listeners itself, which costs the generator ~20% less CPU
 *   --create-workers N      parallel CreateAttendee calls                 (16)
 *   --pid NAME=PID          a process whose CPU time to report; repeatable
 *   --rss-pid NAME          which of those to report RSS (and live heap, via jcmd) for (signaling-service)
 *   --heap-info BOOL        after all joined, run jcmd GC.run + GC.heap_info on --rss-pid (true)
 *   --clk-tck N             clock ticks per second of /proc (getconf CLK_TCK; 100)
 *   --region R              SigV4 region and MediaRegion                  (us-east-1)
 *   --access-key ID / --secret-key KEY   SigV4 credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
 *                           else the development key)
 *   --out FILE              also write the summary (Markdown) to FILE
 */

import com.google.protobuf.ByteString;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessageFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessagePayload;
import io.carillon.signaling.protocol.ChimeSignaling.SdkJoinFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class SignalingLoad {

    static final String DEV_ACCESS_KEY = "AKIACARILLONDEV0001";
    static final String DEV_SECRET = "carillon-development-secret-key-0001";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    static final String TOPIC = "bench";
    /** Bytes of the data that carry the intended send time, phase and sequence number. */
    static final int HEADER = 24;

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SignalingLoad: " + e.getMessage());
            System.exit(64);
            return;
        }
        int code;
        try {
            code = new SignalingLoad(options).run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        // halt: 2,000 sockets need no orderly close, the services are stopped by the script
        Runtime.getRuntime().halt(code);
    }

    // ------------------------------------------------------------------------------------------
    // Options

    static final class Options {
        URI endpoint = URI.create("http://127.0.0.1:18280");
        String signalingUrl;
        int meetings = 80;
        int attendees = 25;
        double[] rates = {500, 1000, 2000};
        double duration = 30;
        double warmup = 60;
        double warmupMin = 15;
        double warmupRate = 1000;
        double idle = 10;
        double drain = 20;
        double quietWait = 120;
        int size = 100;
        double pingInterval = 10;
        int connectConcurrency = 50;
        int httpClients = 4;
        String client = "vertx";
        int eventLoops = 2;
        int threads = 0;
        int createWorkers = 16;
        Map<String, Long> pids = new LinkedHashMap<>();
        String rssPid = "signaling-service";
        boolean heapInfo = true;
        long clkTck = 100;
        String region = "us-east-1";
        String accessKey = envOr("AWS_ACCESS_KEY_ID", DEV_ACCESS_KEY);
        String secretKey = envOr("AWS_SECRET_ACCESS_KEY", DEV_SECRET);
        Path out;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    throw new IllegalArgumentException("options are described at the top of SignalingLoad.java");
                }
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                }
                String name;
                String value;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(2, eq);
                    value = arg.substring(eq + 1);
                } else {
                    name = arg.substring(2);
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                try {
                    switch (name) {
                        case "endpoint" -> o.endpoint = URI.create(value.replaceAll("/+$", ""));
                        case "signaling-url" -> o.signalingUrl = value.replaceAll("/+$", "");
                        case "meetings" -> o.meetings = Integer.parseInt(value);
                        case "attendees" -> o.attendees = Integer.parseInt(value);
                        case "rates" -> o.rates = Arrays.stream(value.split(",")).map(String::trim)
                                .mapToDouble(Double::parseDouble).toArray();
                        case "duration" -> o.duration = Double.parseDouble(value);
                        case "warmup" -> o.warmup = Double.parseDouble(value);
                        case "warmup-min" -> o.warmupMin = Double.parseDouble(value);
                        case "warmup-rate" -> o.warmupRate = Double.parseDouble(value);
                        case "idle" -> o.idle = Double.parseDouble(value);
                        case "drain" -> o.drain = Double.parseDouble(value);
                        case "quiet-wait" -> o.quietWait = Double.parseDouble(value);
                        case "size" -> o.size = Integer.parseInt(value);
                        case "ping-interval" -> o.pingInterval = Double.parseDouble(value);
                        case "connect-concurrency" -> o.connectConcurrency = Integer.parseInt(value);
                        case "http-clients" -> o.httpClients = Integer.parseInt(value);
                        case "client" -> o.client = value;
                        case "event-loops" -> o.eventLoops = Integer.parseInt(value);
                        case "threads" -> o.threads = Integer.parseInt(value);
                        case "create-workers" -> o.createWorkers = Integer.parseInt(value);
                        case "pid" -> {
                            int at = value.indexOf('=');
                            if (at <= 0) {
                                throw new IllegalArgumentException("--pid wants NAME=PID, got '" + value + "'");
                            }
                            o.pids.put(value.substring(0, at), Long.parseLong(value.substring(at + 1)));
                        }
                        case "rss-pid" -> o.rssPid = value;
                        case "heap-info" -> o.heapInfo = Boolean.parseBoolean(value);
                        case "clk-tck" -> o.clkTck = Long.parseLong(value);
                        case "region" -> o.region = value;
                        case "access-key" -> o.accessKey = value;
                        case "secret-key" -> o.secretKey = value;
                        case "out" -> o.out = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown option --" + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--" + name + ": not a number: '" + value + "'");
                }
            }
            if (o.meetings < 1 || o.attendees < 2) {
                throw new IllegalArgumentException("--meetings must be >= 1 and --attendees >= 2 (a sender and a receiver)");
            }
            if (o.rates.length == 0 || Arrays.stream(o.rates).anyMatch(r -> r <= 0)) {
                throw new IllegalArgumentException("--rates needs positive messages/s");
            }
            if (o.size < HEADER || o.size > 2048) {
                throw new IllegalArgumentException("--size must be " + HEADER + "..2048 bytes");
            }
            if (o.duration <= 0 || o.warmup < 0 || o.warmupMin < 0 || o.idle < 0 || o.drain < 0 || o.quietWait < 0
                    || o.pingInterval <= 0 || o.connectConcurrency < 1 || o.httpClients < 1 || o.eventLoops < 1
                    || !(o.client.equals("jdk") || o.client.equals("vertx")) || o.threads < 0 || o.warmupRate <= 0
                    || o.createWorkers < 1 || o.clkTck < 1) {
                throw new IllegalArgumentException("durations must be >= 0 (--duration, --ping-interval > 0), counts >= 1");
            }
            return o;
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    // ------------------------------------------------------------------------------------------
    // SigV4 signing: the same signer as infra/bench/ControlPlaneLoad.java (AWS General Reference:
    // canonical request, string to sign, signing key).

    static final class Signer {
        private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC);
        private static final HexFormat HEX = HexFormat.of();
        private static final String CONTENT_TYPE = "application/json";
        private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });

        private record DayKey(String day, byte[] key) {
        }

        private final String accessKey;
        private final String secret;
        private final String region;
        private final String service;
        private volatile DayKey dayKey = new DayKey("", null);

        Signer(String accessKey, String secret, String region, String service) {
            this.accessKey = accessKey;
            this.secret = secret;
            this.region = region;
            this.service = service;
        }

        /** A signed request; body null = no body (GET, DELETE). */
        HttpRequest request(String method, URI uri, byte[] body) {
            String amzDate = AMZ_DATE.format(Instant.now());
            String day = amzDate.substring(0, 8);
            boolean hasBody = body != null;
            String payloadHash = HEX.formatHex(sha256(hasBody ? body : new byte[0]));
            String signedHeaders = hasBody ? "content-type;host;x-amz-date" : "host;x-amz-date";

            StringBuilder canonical = new StringBuilder(320)
                    .append(method).append('\n')
                    .append(canonicalPath(uri.getRawPath())).append('\n')
                    .append(canonicalQuery(uri.getRawQuery())).append('\n');
            if (hasBody) {
                canonical.append("content-type:").append(CONTENT_TYPE).append('\n');
            }
            canonical.append("host:").append(hostHeader(uri)).append('\n')
                    .append("x-amz-date:").append(amzDate).append('\n')
                    .append('\n')
                    .append(signedHeaders).append('\n')
                    .append(payloadHash);

            String scope = day + "/" + region + "/" + service + "/aws4_request";
            String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            String signature = HEX.formatHex(hmac(signingKey(day), stringToSign));

            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(REQUEST_TIMEOUT)
                    .header("X-Amz-Date", amzDate)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                            + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
            if (hasBody) {
                builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return builder.build();
        }

        /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"), cached per day. */
        private byte[] signingKey(String day) {
            DayKey current = dayKey;
            if (current.day().equals(day)) {
                return current.key();
            }
            byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
            key = hmac(key, region);
            key = hmac(key, service);
            key = hmac(key, "aws4_request");
            dayKey = new DayKey(day, key);
            return key;
        }

        /** The Host header the JDK client sends: the port only when it is not the scheme's default. */
        static String hostHeader(URI uri) {
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(uri.getScheme()) ? port == 443 : port == 80);
            return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
        }

        /** Every segment of the (already percent-encoded) path is encoded once more: all services but S3. */
        static String canonicalPath(String rawPath) {
            if (rawPath == null || rawPath.isEmpty()) {
                return "/";
            }
            String[] segments = rawPath.split("/", -1);
            StringBuilder path = new StringBuilder(rawPath.length() + 8);
            for (int i = 0; i < segments.length; i++) {
                if (i > 0) {
                    path.append('/');
                }
                path.append(uriEncode(segments[i]));
            }
            return path.toString();
        }

        static String canonicalQuery(String rawQuery) {
            if (rawQuery == null || rawQuery.isEmpty()) {
                return "";
            }
            List<String> pairs = new ArrayList<>();
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                pairs.add(uriEncode(name) + "=" + uriEncode(value));
            }
            pairs.sort(null);
            return String.join("&", pairs);
        }

        /** RFC 3986 unreserved characters stay, every other UTF-8 byte becomes %XX (upper-case hex). */
        static String uriEncode(String value) {
            StringBuilder out = new StringBuilder(value.length() + 8);
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == '~') {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }

        private static byte[] sha256(byte[] data) {
            MessageDigest digest = SHA256.get();
            digest.reset();
            return digest.digest(data);
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = HMAC.get();
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // CPU and memory from /proc (as ControlPlaneLoad measures them)

    /** utime+stime of a process in clock ticks, or -1 if it is gone. Counts every thread. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime+stime of the JIT compiler threads of a process (comm "C1 CompilerThre", "C2 CompilerThre"). */
    static long jitTicks(long pid) {
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException threadGone) {
                    // the thread ended between listing and reading
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy clock ticks of the whole machine (all CPUs): total minus idle and iowait, from /proc/stat. */
    static long machineBusyTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split(" +");
            long total = 0;
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB (VmRSS of /proc/<pid>/status), or -1. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Threads of a process, or -1. */
    static long threadCount(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU counters at one instant: the named processes, this load generator, the whole machine, own GC. */
    record CpuSample(long[] processes, long[] jit, long self, long selfJit, long machine, long nanos, long gcCount,
            long gcMillis) {
    }

    CpuSample cpuSample() {
        long[] ticks = new long[pidNames.size()];
        long[] jit = new long[pidNames.size()];
        for (int i = 0; i < ticks.length; i++) {
            long pid = options.pids.get(pidNames.get(i));
            ticks[i] = processTicks(pid);
            jit[i] = jitTicks(pid);
        }
        long self = ProcessHandle.current().pid();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new CpuSample(ticks, jit, processTicks(self), jitTicks(self), machineBusyTicks(), System.nanoTime(),
                gcCount, gcMillis);
    }

    double cpuSeconds(long before, long after) {
        return before < 0 || after < 0 ? Double.NaN : (after - before) / (double) options.clkTck;
    }

    /** CPU seconds of the JIT compiler threads of every measured process and this one. */
    double jitSeconds(CpuSample before, CpuSample after) {
        double sum = cpuSeconds(before.selfJit(), after.selfJit());
        for (int i = 0; i < pidNames.size(); i++) {
            sum += cpuSeconds(before.jit()[i], after.jit()[i]);
        }
        return sum;
    }

    /** CPU seconds of the measured processes and this one, JIT included. */
    double oursSeconds(CpuSample before, CpuSample after) {
        double sum = cpuSeconds(before.self(), after.self());
        for (int i = 0; i < pidNames.size(); i++) {
            sum += cpuSeconds(before.processes()[i], after.processes()[i]);
        }
        return sum;
    }

    /** CPU seconds of process i without its JIT compiler threads (i = -1: this load generator). */
    double workSeconds(int i, CpuSample before, CpuSample after) {
        if (i < 0) {
            return cpuSeconds(before.self(), after.self()) - cpuSeconds(before.selfJit(), after.selfJit());
        }
        return cpuSeconds(before.processes()[i], after.processes()[i]) - cpuSeconds(before.jit()[i], after.jit()[i]);
    }

    double otherSeconds(CpuSample before, CpuSample after) {
        return Math.max(0, cpuSeconds(before.machine(), after.machine()) - oursSeconds(before, after));
    }

    /**
     * Waits (up to --quiet-wait) while processes other than ours keep more than a quarter of a core
     * busy: the machine is shared.
     */
    void awaitQuiet() throws InterruptedException {
        if (options.quietWait <= 0) {
            return;
        }
        long begin = System.nanoTime();
        while (true) {
            CpuSample before = cpuSample();
            Thread.sleep(2000);
            CpuSample after = cpuSample();
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            double others = otherSeconds(before, after) / seconds;
            if (others < 0.25) {
                return;
            }
            double waited = (System.nanoTime() - begin) / 1e9;
            if (waited >= options.quietWait) {
                log("other processes still use %.2f cores after %.0f s; measuring anyway", others, waited);
                return;
            }
            log("other processes use %.2f cores (load average %.2f); waiting...", others, loadAverage());
            Thread.sleep(3000);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Sessions

    /** A growable long array; guarded by its owner's monitor. */
    static final class LongList {
        long[] values = new long[64];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** Sends one binary message on a session's connection (JDK or Vert.x client). */
    @FunctionalInterface
    interface Link {
        CompletableFuture<?> send(byte[] message);
    }

    /** One attendee's signaling connection. Listener methods are called one at a time per socket. */
    final class Session implements WebSocket.Listener {
        final int meeting;
        final int index;
        final String attendeeId;
        final String joinToken;
        final long audioSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        final CompletableFuture<Void> joinedFuture = new CompletableFuture<>();
        /** The connection, whichever client made it (null until open). */
        volatile Link socket;
        volatile boolean joined;
        volatile boolean closed;
        volatile String closeWhy;
        long startNanos;
        long joinedNanos;
        /** Sends are chained: a JDK WebSocket takes the next send only when the previous one completed. */
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        /** Latencies (ns) of the deliveries this session received, per phase (0 = warm-up: not kept). */
        private final LongList[] latencies;
        private final AtomicInteger pingId = new AtomicInteger();

        Session(int meeting, int index, String attendeeId, String joinToken) {
            this.meeting = meeting;
            this.index = index;
            this.attendeeId = attendeeId;
            this.joinToken = joinToken;
            this.latencies = new LongList[phaseCount];
            for (int i = 0; i < phaseCount; i++) {
                latencies[i] = new LongList();
            }
        }

        boolean usable() {
            return joined && !closed;
        }

        CompletableFuture<?> send(byte[] message) {
            Link link = socket;
            if (link == null || closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            return link.send(message);
        }

        /** The JDK client's link. */
        Link jdk(WebSocket ws) {
            return message -> {
                synchronized (this) {
                    CompletableFuture<?> next = sendChain.handle((v, e) -> null)
                            .thenCompose(v -> ws.sendBinary(ByteBuffer.wrap(message), true));
                    sendChain = next;
                    return next;
                }
            };
        }

        void onText() {
            unexpectedFrames.merge("text", 1, Integer::sum);
        }

        /** A whole binary message, whichever client read it. */
        void onMessage(byte[] message, long now) {
            try {
                onFrame(Frames.decode(message), now);
            } catch (Frames.MalformedFrameException e) {
                malformed.increment();
            } catch (RuntimeException e) {
                listenerErrors.increment();
            }
        }

        void ping() {
            if (closed || socket == null) {
                return;
            }
            pings.increment();
            send(Frames.encode(Frames.frame(SdkSignalFrame.Type.PING_PONG).setPingPong(SdkPingPongFrame.newBuilder()
                    .setType(SdkPingPongType.PING).setPingId(pingId.incrementAndGet())).build()));
        }

        void join() {
            send(Frames.encode(Frames.frame(SdkSignalFrame.Type.JOIN).setJoin(SdkJoinFrame.newBuilder()
                    .setProtocolVersion(2).setFlags(2).setAudioSessionId(audioSessionId)
                    .setWantsCompressedSdp(false)).build()));
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            long now = System.nanoTime();
            try {
                byte[] message;
                if (last && partial.size() == 0) {
                    message = new byte[data.remaining()];
                    data.get(message);
                } else {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    partial.writeBytes(chunk);
                    message = null;
                    if (last) {
                        message = partial.toByteArray();
                        partial.reset();
                    }
                }
                if (message != null) {
                    onMessage(message, now);
                }
            } catch (RuntimeException e) {
                listenerErrors.increment();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            unexpectedFrames.merge("text", 1, Integer::sum);
            webSocket.request(1);
            return null;
        }

        private void onFrame(SdkSignalFrame frame, long now) {
            switch (frame.getType()) {
                case JOIN_ACK, INDEX -> {
                }
                case AUDIO_STREAM_ID_INFO -> {
                    if (!joined) {
                        joinedNanos = now;
                        joined = true;
                        joinedPerMeeting[meeting].incrementAndGet();
                        joinedFuture.complete(null);
                    } else {
                        rosterUpdates.increment();
                    }
                }
                case PING_PONG -> pongs.increment();
                case DATA_MESSAGE -> {
                    for (SdkDataMessagePayload m : frame.getDataMessage().getMessagesList()) {
                        onDataMessage(m, now);
                    }
                }
                case AUDIO_STATUS -> {
                    closeWhy = "AUDIO_STATUS " + frame.getAudioStatus().getAudioStatus();
                    audioStatuses.merge(frame.getAudioStatus().getAudioStatus(), 1, Integer::sum);
                }
                default -> {
                    if (frame.hasError()) {
                        int phase = currentPhase;
                        errorFrames[phase].increment();
                        firstError.compareAndSet(null, frame.getError().getStatus() + " " + frame.getError().getDescription());
                    } else {
                        unexpectedFrames.merge(frame.getType().name(), 1, Integer::sum);
                    }
                }
            }
        }

        private void onDataMessage(SdkDataMessagePayload m, long now) {
            ByteBuffer data = m.getData().asReadOnlyByteBuffer();
            if (!TOPIC.equals(m.getTopic()) || data.remaining() < HEADER) {
                unexpectedFrames.merge("DATA_MESSAGE(foreign)", 1, Integer::sum);
                return;
            }
            long intended = data.getLong();
            int phase = data.getInt();
            if (phase < 0 || phase >= phaseCount) {
                unexpectedFrames.merge("DATA_MESSAGE(bad phase)", 1, Integer::sum);
                return;
            }
            if (m.getIngestTimeNs() == 0) {
                // the rate limit sent it back to us: the client reports it as throttled
                throttled[phase].increment();
                return;
            }
            received[phase].increment();
            if (phase > 0) {
                synchronized (this) {
                    latencies[phase].add(now - intended);
                }
            }
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            gone("close " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            gone("error " + error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        }

        void gone(String why) {
            if (closed) {
                return;
            }
            closed = true;
            if (joined) {
                joinedPerMeeting[meeting].decrementAndGet();
                if (!shuttingDown) {
                    lostAfterJoin.increment();
                    closeReasons.merge((closeWhy == null ? "" : closeWhy + ", ") + why, 1, Integer::sum);
                }
            }
            joinedFuture.completeExceptionally(new IllegalStateException((closeWhy == null ? "" : closeWhy + ", ") + why));
        }

        long[] latencies(int phase) {
            synchronized (this) {
                return Arrays.copyOf(latencies[phase].values, latencies[phase].size);
            }
        }
    }

    /**
     * The Vert.x (Netty) WebSocket client: a few event loops read every socket and run the sessions'
     * callbacks, much cheaper per delivery than the JDK client. The vertx-core and Netty jars must
     * be on the classpath (signaling-load.sh puts them there).
     */
    static final class VertxClient {
        private final io.vertx.core.Vertx vertx;
        private final io.vertx.core.http.WebSocketClient client;

        VertxClient(int eventLoops) {
            vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(eventLoops)
                    .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
            client = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
                    .setConnectTimeout(10_000).setMaxFrameSize(1 << 16).setMaxMessageSize(1 << 18)
                    // Vert.x allows 50 WebSockets per server by default; the 51st would wait for one to close
                    .setMaxConnections(Integer.MAX_VALUE));
        }

        CompletableFuture<Link> connect(URI uri, Session session) {
            io.vertx.core.http.WebSocketConnectOptions connect = new io.vertx.core.http.WebSocketConnectOptions()
                    .setHost(uri.getHost()).setPort(uri.getPort())
                    .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                    .setSubProtocols(List.of("_aws_wt_session", session.joinToken));
            CompletableFuture<Link> opened = new CompletableFuture<>();
            client.connect(connect).onComplete(result -> {
                if (result.failed()) {
                    opened.completeExceptionally(result.cause());
                    return;
                }
                io.vertx.core.http.WebSocket ws = result.result();
                ws.binaryMessageHandler(buffer -> session.onMessage(buffer.getBytes(), System.nanoTime()));
                ws.textMessageHandler(text -> session.onText());
                ws.closeHandler(v -> session.gone("close " + ws.closeStatusCode()
                        + (ws.closeReason() == null || ws.closeReason().isEmpty() ? "" : " " + ws.closeReason())));
                ws.exceptionHandler(error -> session.gone("error " + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage())));
                opened.complete(message -> ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(message))
                        .toCompletionStage().toCompletableFuture());
            });
            return opened;
        }
    }

    // ------------------------------------------------------------------------------------------
    // State

    private static final Pattern MEETING_ID = Pattern.compile("\"MeetingId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SIGNALING_URL = Pattern.compile("\"SignalingUrl\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ATTENDEE_ID = Pattern.compile("\"AttendeeId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern JOIN_TOKEN = Pattern.compile("\"JoinToken\"\\s*:\\s*\"([^\"]+)\"");

    static String field(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private final Options options;
    private final List<String> pidNames;
    private final Signer signer;
    private final HttpClient http;
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    /** Phase 0 is the warm-up, 1..n the measured rates. */
    private final int phaseCount;
    private volatile int currentPhase;
    private volatile boolean shuttingDown;
    private final LongAdder[] sent;
    private final LongAdder[] sendFailed;
    private final LongAdder[] expected;
    private final LongAdder[] received;
    private final LongAdder[] throttled;
    private final LongAdder[] errorFrames;
    private final AtomicInteger[] joinedPerMeeting;
    private final LongAdder pings = new LongAdder();
    private final LongAdder pongs = new LongAdder();
    private final LongAdder rosterUpdates = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder listenerErrors = new LongAdder();
    private final LongAdder lostAfterJoin = new LongAdder();
    private final java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
    private final Map<String, Integer> unexpectedFrames = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> audioStatuses = new ConcurrentHashMap<>();
    private final Map<String, Integer> closeReasons = new ConcurrentHashMap<>();
    private Session[][] sessions;

    SignalingLoad(Options options) {
        this.options = options;
        this.pidNames = new ArrayList<>(options.pids.keySet());
        this.signer = new Signer(options.accessKey, options.secretKey, options.region, "chime");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.phaseCount = options.rates.length + 1;
        sent = adders(phaseCount);
        sendFailed = adders(phaseCount);
        expected = adders(phaseCount);
        received = adders(phaseCount);
        throttled = adders(phaseCount);
        errorFrames = adders(phaseCount);
        joinedPerMeeting = new AtomicInteger[options.meetings];
        for (int i = 0; i < options.meetings; i++) {
            joinedPerMeeting[i] = new AtomicInteger();
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[load] " + format + "%n", args);
    }

    // ------------------------------------------------------------------------------------------
    // 1. Meetings and join tokens

    record Meeting(String id, String signalingUrl) {
    }

    Meeting createMeeting(int maxCount) throws Exception {
        String token = "sigbench-" + run + "-" + nextId();
        String body = "{\"ClientRequestToken\":\"" + token + "\",\"MediaRegion\":\"" + options.region
                + "\",\"ExternalMeetingId\":\"" + token + "\",\"MeetingFeatures\":{\"Attendee\":{\"MaxCount\":" + maxCount + "}}}";
        HttpResponse<String> r = http.send(signer.request("POST", URI.create(options.endpoint + "/meetings"),
                body.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        String id = r.statusCode() == 200 ? field(MEETING_ID, r.body()) : null;
        String url = r.statusCode() == 200 ? field(SIGNALING_URL, r.body()) : null;
        if (id == null || url == null) {
            throw new IllegalStateException("CreateMeeting answered " + r.statusCode() + ": " + r.body());
        }
        if (options.signalingUrl != null) {
            url = options.signalingUrl + "/control/" + id;
        }
        return new Meeting(id, url);
    }

    private final AtomicLong uniq = new AtomicLong();

    private String nextId() {
        return Long.toString(uniq.incrementAndGet());
    }

    /** {attendeeId, joinToken} */
    String[] createAttendee(String meetingId) throws Exception {
        String body = "{\"ExternalUserId\":\"sigbench-" + run + "-" + nextId() + "\"}";
        HttpResponse<String> r = http.send(signer.request("POST", URI.create(options.endpoint + "/meetings/" + meetingId
                + "/attendees"), body.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        String id = r.statusCode() == 200 ? field(ATTENDEE_ID, r.body()) : null;
        String token = r.statusCode() == 200 ? field(JOIN_TOKEN, r.body()) : null;
        if (id == null || token == null) {
            throw new IllegalStateException("CreateAttendee answered " + r.statusCode() + ": " + r.body());
        }
        return new String[] {id, token};
    }

    Meeting[] createMeetingsAndAttendees() throws Exception {
        int m = options.meetings;
        int a = options.attendees;
        log("creating %d meetings x %d attendees through %s (%d parallel CreateAttendee calls)...", m, a, options.endpoint,
                options.createWorkers);
        long t0 = System.nanoTime();
        Meeting[] meetings = new Meeting[m];
        for (int i = 0; i < m; i++) {
            meetings[i] = createMeeting(Math.max(a, 1));
        }
        sessions = new Session[m][a];
        ExecutorService pool = Executors.newFixedThreadPool(options.createWorkers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < a; k++) {
                for (int i = 0; i < m; i++) {
                    int mi = i;
                    int ai = k;
                    done.add(pool.submit(() -> {
                        String[] att = createAttendee(meetings[mi].id());
                        sessions[mi][ai] = new Session(mi, ai, att[0], att[1]);
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        log("%d meetings and %d join tokens in %.1f s; signaling URL e.g. %s", m, m * a, (System.nanoTime() - t0) / 1e9,
                meetings[0].signalingUrl());
        return meetings;
    }

    // ------------------------------------------------------------------------------------------
    // 2. Connect and join

    record JoinResult(int attempted, int joined, double wallSeconds, long[] sortedNanos, Map<String, Integer> failures,
            CpuSample before, CpuSample after) {
    }

    JoinResult connectAll(Meeting[] meetings, HttpClient[] clients, VertxClient vertxClient, ScheduledExecutorService timer)
            throws Exception {
        int m = options.meetings;
        int a = options.attendees;
        int total = m * a;
        log("connecting and joining %d sessions (%d at a time, %s)...", total, options.connectConcurrency,
                vertxClient != null ? "Vert.x WebSocket client on " + options.eventLoops + " event loops"
                        : clients.length + " JDK HttpClients");
        Semaphore inFlight = new Semaphore(options.connectConcurrency);
        CountDownLatch all = new CountDownLatch(total);
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        long pingNanos = (long) (options.pingInterval * 1e9);
        CpuSample before = cpuSample();
        long t0 = System.nanoTime();
        int n = 0;
        // attendee-major: every meeting fills at the same pace, as when people arrive for many meetings
        for (int k = 0; k < a; k++) {
            for (int i = 0; i < m; i++) {
                Session s = sessions[i][k];
                HttpClient client = clients[n++ % clients.length];
                inFlight.acquire();
                s.startNanos = System.nanoTime();
                s.joinedFuture.orTimeout(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).whenComplete((v, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        String why = cause instanceof TimeoutException ? "no roster within " + JOIN_TIMEOUT.toSeconds() + " s"
                                : String.valueOf(cause.getMessage());
                        failures.merge(why, 1, Integer::sum);
                    }
                    inFlight.release();
                    all.countDown();
                });
                URI uri = URI.create(meetings[i].signalingUrl() + "?X-Chime-Control-Protocol-Version=3");
                java.util.function.BiConsumer<Link, Throwable> opened = (link, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        s.gone("connect failed: " + cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
                        return;
                    }
                    s.socket = link;
                    long first = ThreadLocalRandom.current().nextLong(pingNanos);
                    timer.scheduleAtFixedRate(s::ping, first, pingNanos, TimeUnit.NANOSECONDS);
                    s.join();
                };
                if (vertxClient != null) {
                    vertxClient.connect(uri, s).whenComplete(opened);
                } else {
                    client.newWebSocketBuilder()
                            .subprotocols("_aws_wt_session", s.joinToken)
                            .connectTimeout(Duration.ofSeconds(10))
                            .buildAsync(uri, s)
                            .whenComplete((ws, e) -> opened.accept(ws == null ? null : s.jdk(ws), e));
                }
            }
        }
        all.await();
        long t1 = System.nanoTime();
        CpuSample after = cpuSample();
        List<Long> times = new ArrayList<>();
        int joined = 0;
        for (Session[] row : sessions) {
            for (Session s : row) {
                if (s.joined) {
                    joined++;
                    times.add(s.joinedNanos - s.startNanos);
                }
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new JoinResult(total, joined, (t1 - t0) / 1e9, sorted, new TreeMap<>(failures), before, after);
    }

    // ------------------------------------------------------------------------------------------
    // 3-5. Load phases

    /** Messages the pacer sends; one pacer thread per phase. */
    final class Pacer extends Thread {
        final int phase;
        final double rate;
        volatile boolean stop;
        final LongList lag = new LongList();
        long seq;

        Pacer(int phase, double rate) {
            super("pacer-" + phase);
            this.phase = phase;
            this.rate = rate;
            setDaemon(true);
        }

        @Override
        public void run() {
            double period = 1e9 / rate;
            long t0 = System.nanoTime();
            byte[] padding = new byte[options.size - HEADER];
            Arrays.fill(padding, (byte) 'x');
            while (!stop) {
                long intended = t0 + (long) (seq * period);
                long now = System.nanoTime();
                while (now < intended) {
                    LockSupport.parkNanos(intended - now);
                    if (stop) {
                        return;
                    }
                    now = System.nanoTime();
                }
                lag.add(now - intended);
                sendOne(seq, intended, padding);
                seq++;
            }
        }

        void sendOne(long n, long intended, byte[] padding) {
            int m = (int) (n % options.meetings);
            long round = n / options.meetings;
            Session[] row = sessions[m];
            Session sender = null;
            for (int k = 0; k < row.length; k++) {
                Session s = row[(int) ((round + k) % row.length)];
                if (s.usable()) {
                    sender = s;
                    break;
                }
            }
            if (sender == null) {
                sendFailed[phase].increment();
                return;
            }
            int receivers = joinedPerMeeting[m].get() - 1;
            ByteBuffer data = ByteBuffer.allocate(options.size);
            data.putLong(intended).putInt(phase).putInt((int) n).putLong(System.nanoTime()).put(padding);
            byte[] frame = Frames.encode(Frames.frame(SdkSignalFrame.Type.DATA_MESSAGE)
                    .setDataMessage(SdkDataMessageFrame.newBuilder().addMessages(SdkDataMessagePayload.newBuilder()
                            .setTopic(TOPIC).setData(ByteString.copyFrom(data.array())).setLifetimeMs(0)))
                    .build());
            sender.send(frame).whenComplete((v, e) -> {
                if (e == null) {
                    sent[phase].increment();
                    expected[phase].add(receivers);
                } else {
                    sendFailed[phase].increment();
                }
            });
        }
    }

    record PhaseResult(int phase, double rate, double seconds, long sent, long sendFailed, long expected,
            long receivedAtDrain, double drainSeconds, long[] lagSorted, CpuSample before, CpuSample after, long rssKib,
            long threads) {
    }

    PhaseResult runPhase(int phase, double rate) throws InterruptedException {
        currentPhase = phase;
        Pacer pacer = new Pacer(phase, rate);
        CpuSample before = cpuSample();
        pacer.start();
        Thread.sleep((long) (options.duration * 1000));
        pacer.stop = true;
        CpuSample after = cpuSample();
        pacer.join();
        long rss = rssKib(rssPidValue());
        long threads = threadCount(rssPidValue());
        // stragglers: until every expected delivery arrived or --drain is over
        long drainStart = System.nanoTime();
        long drainEnd = drainStart + (long) (options.drain * 1e9);
        while (System.nanoTime() < drainEnd && received[phase].sum() < expected[phase].sum()) {
            Thread.sleep(50);
        }
        double drained = (System.nanoTime() - drainStart) / 1e9;
        long[] lag = Arrays.copyOf(pacer.lag.values, pacer.lag.size);
        Arrays.sort(lag);
        return new PhaseResult(phase, rate, (after.nanos() - before.nanos()) / 1e9, sent[phase].sum(), sendFailed[phase].sum(),
                expected[phase].sum(), received[phase].sum(), drained, lag, before, after, rss, threads);
    }

    /** Warm-up at --warmup-rate: at least --warmup-min, at most --warmup, until the JIT compilers calm down. */
    void warmUp() throws InterruptedException {
        if (options.warmup <= 0) {
            return;
        }
        double rate = options.warmupRate;
        log("warm-up: %.0f to %.0f s at %.0f messages/s (until the JIT compilers calm down; not reported)...",
                Math.min(options.warmupMin, options.warmup), options.warmup, rate);
        currentPhase = 0;
        Pacer pacer = new Pacer(0, rate);
        CpuSample start = cpuSample();
        pacer.start();
        long t0 = System.nanoTime();
        CpuSample last = start;
        while (true) {
            Thread.sleep(5000);
            CpuSample now = cpuSample();
            double elapsed = (now.nanos() - t0) / 1e9;
            double jitCores = jitSeconds(last, now) / ((now.nanos() - last.nanos()) / 1e9);
            last = now;
            if (elapsed >= options.warmup || (elapsed >= options.warmupMin && jitCores < 0.10)) {
                break;
            }
        }
        pacer.stop = true;
        pacer.join();
        CpuSample end = cpuSample();
        Thread.sleep(2000);
        log("warm-up done after %.0f s: %d sent, %d of %d deliveries received, JIT compilers %.1f CPU s, %d throttled",
                (end.nanos() - start.nanos()) / 1e9, sent[0].sum(), received[0].sum(), expected[0].sum(),
                jitSeconds(start, end), throttled[0].sum());
    }

    long rssPidValue() {
        Long pid = options.pids.get(options.rssPid);
        return pid == null ? -1 : pid;
    }

    /** jcmd GC.run then GC.heap_info on the --rss-pid process: its live heap. Null if jcmd fails. */
    String liveHeap() {
        long pid = rssPidValue();
        if (pid < 0 || !options.heapInfo) {
            return null;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
            Matcher g1 = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
            if (g1.find()) {
                return String.format(Locale.ROOT, "%.0f MiB used of %.0f MiB committed after a full GC",
                        Long.parseLong(g1.group(2)) / 1024.0, Long.parseLong(g1.group(1)) / 1024.0);
            }
            return info.trim().replace('\n', ' ');
        } catch (Exception e) {
            return null;
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " timed out");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------
    // Reporting helpers

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Nearest-rank percentile of sorted values, in ms. */
    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return ms(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String mib(long kib) {
        return kib < 0 ? "-" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    static String thousands(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** CPU ms per 1,000 deliveries = CPU s * 1e6 / deliveries. */
    static String per1000(double cpuSeconds, long deliveries) {
        return deliveries <= 0 || Double.isNaN(cpuSeconds) ? "-" : fmt(cpuSeconds * 1e6 / deliveries, 1);
    }

    long[] phaseLatencies(int phase) {
        int total = 0;
        List<long[]> parts = new ArrayList<>();
        for (Session[] row : sessions) {
            for (Session s : row) {
                long[] l = s.latencies(phase);
                parts.add(l);
                total += l.length;
            }
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] l : parts) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        return all;
    }

    int usableSessions() {
        int n = 0;
        for (Session[] row : sessions) {
            for (Session s : row) {
                if (s.usable()) {
                    n++;
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------
    // The benchmark

    int run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        log("endpoint %s, %d meetings x %d sessions, rates %s messages/s, %.0f s per phase, %d-byte data, %d cores, Java %s, "
                + "load average %.2f", options.endpoint, options.meetings, options.attendees, Arrays.toString(options.rates),
                options.duration, options.size, cores, Runtime.version(), loadAverage());
        for (String name : pidNames) {
            if (processTicks(options.pids.get(name)) < 0) {
                System.err.println("[load] process " + name + " (pid " + options.pids.get(name) + ") is not running");
                return 1;
            }
        }
        long rssStart = rssKib(rssPidValue());

        Meeting[] meetings;
        try {
            meetings = createMeetingsAndAttendees();
        } catch (IOException e) {
            System.err.println("[load] cannot reach " + options.endpoint + ": " + e);
            return 1;
        }
        long rssBefore = rssKib(rssPidValue());

        java.util.concurrent.Executor wsPool = options.threads == 0 ? Runnable::run
                : Executors.newFixedThreadPool(options.threads, daemon("ws"));
        HttpClient[] clients = new HttpClient[options.httpClients];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(wsPool)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("pings"));

        VertxClient vertxClient = options.client.equals("vertx") ? new VertxClient(options.eventLoops) : null;
        JoinResult join = connectAll(meetings, clients, vertxClient, timer);
        long[] jt = join.sortedNanos();
        log("%d of %d sessions joined in %.1f s (%.0f joins/s); connect+join per session p50 %.0f ms, p99 %.0f ms, max %.0f ms%s",
                join.joined(), join.attempted(), join.wallSeconds(), join.joined() / join.wallSeconds(), pct(jt, 0.5),
                pct(jt, 0.99), jt.length == 0 ? Double.NaN : ms(jt[jt.length - 1]),
                join.failures().isEmpty() ? "" : "; failures " + join.failures());
        StringBuilder joinCpu = new StringBuilder();
        for (int i = 0; i < pidNames.size(); i++) {
            joinCpu.append(String.format(Locale.ROOT, "%s%s %.1f", i == 0 ? "" : ", ", pidNames.get(i),
                    cpuSeconds(join.before().processes()[i], join.after().processes()[i])));
        }
        joinCpu.append(String.format(Locale.ROOT, ", load generator %.1f, machine busy %.1f",
                cpuSeconds(join.before().self(), join.after().self()),
                cpuSeconds(join.before().machine(), join.after().machine())));
        log("CPU s during connect+join: %s", joinCpu);
        if (join.joined() < join.attempted() / 2) {
            System.err.println("[load] most sessions failed to join: " + join.failures());
            return 1;
        }

        Thread.sleep(3000); // rosters settle
        long rssJoined = rssKib(rssPidValue());
        long threadsJoined = threadCount(rssPidValue());
        String heap = liveHeap();
        long rssAfterGc = rssKib(rssPidValue());
        log("%s with %d sessions: RSS %s (%s before CreateMeeting, %s before connecting), %d threads; live heap: %s",
                options.rssPid, usableSessions(), mib(rssJoined), mib(rssStart), mib(rssBefore), threadsJoined,
                heap == null ? "(jcmd not available)" : heap);

        String idleLine = null;
        if (options.idle > 0) {
            awaitQuiet();
            log("idle baseline: %.0f s with %d sessions and only pings...", options.idle, usableSessions());
            CpuSample before = cpuSample();
            Thread.sleep((long) (options.idle * 1000));
            CpuSample after = cpuSample();
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            StringBuilder idle = new StringBuilder(String.format(Locale.ROOT,
                    "Idle baseline (%d sessions joined, a PING every %.0f s each, no data messages), CPU in %% of one core:",
                    usableSessions(), options.pingInterval));
            for (int i = 0; i < pidNames.size(); i++) {
                idle.append(String.format(Locale.ROOT, " %s %.1f%%,", pidNames.get(i),
                        100 * cpuSeconds(before.processes()[i], after.processes()[i]) / seconds));
            }
            idle.append(String.format(Locale.ROOT, " load generator %.1f%%; whole machine busy %.0f%% of %d cores.",
                    100 * cpuSeconds(before.self(), after.self()) / seconds,
                    100 * cpuSeconds(before.machine(), after.machine()) / (seconds * cores), cores));
            idleLine = idle.toString();
            log("%s", idleLine);
        }

        warmUp();

        List<PhaseResult> results = new ArrayList<>();
        for (int i = 0; i < options.rates.length; i++) {
            int phase = i + 1;
            awaitQuiet();
            log("phase %d: %.0f messages/s for %.0f s over %d meetings (%d sessions joined)...", phase, options.rates[i],
                    options.duration, options.meetings, usableSessions());
            PhaseResult r = runPhase(phase, options.rates[i]);
            results.add(r);
            log("%s", line(r, cores));
            Thread.sleep(2000);
        }
        Thread.sleep(1000);
        shuttingDown = true;

        String report = report(join, results, cores, rssStart, rssBefore, rssJoined, rssAfterGc, threadsJoined, heap, idleLine);
        System.out.println();
        System.out.print(report);
        if (options.out != null) {
            Files.writeString(options.out, report);
            log("figures written to %s", options.out);
        }
        return 0;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    String line(PhaseResult r, int cores) {
        long[] lat = phaseLatencies(r.phase());
        double machine = cpuSeconds(r.before().machine(), r.after().machine());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%.0f msg/s: %d sent (%.0f/s), %d send failures, deliveries %d of %d expected (%d after %.1f s drain), "
                        + "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; pacer lag p99 %.2f ms, max %.1f ms; "
                        + "throttled %d, error frames %d",
                r.rate(), r.sent(), r.sent() / r.seconds(), r.sendFailed(), lat.length, r.expected(), r.receivedAtDrain(),
                r.drainSeconds(), pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99), pct(lat, 0.999),
                lat.length == 0 ? Double.NaN : ms(lat[lat.length - 1]), pct(r.lagSorted(), 0.99),
                r.lagSorted().length == 0 ? Double.NaN : ms(r.lagSorted()[r.lagSorted().length - 1]),
                throttled[r.phase()].sum(), errorFrames[r.phase()].sum()));
        s.append("\n[load]   CPU ms per 1,000 deliveries (JIT apart):");
        for (int i = 0; i < pidNames.size(); i++) {
            s.append(' ').append(pidNames.get(i)).append(' ').append(per1000(workSeconds(i, r.before(), r.after()), lat.length));
        }
        s.append(" load-generator ").append(per1000(workSeconds(-1, r.before(), r.after()), lat.length));
        s.append(String.format(Locale.ROOT, "; JIT %.1f CPU s; machine busy %.0f%% of %d cores; other processes %.1f CPU s; "
                + "%s RSS %s, %d threads; load-generator GC %d collections, %d ms",
                jitSeconds(r.before(), r.after()), 100 * machine / (r.seconds() * cores), cores,
                otherSeconds(r.before(), r.after()), options.rssPid, mib(r.rssKib()), r.threads(),
                r.after().gcCount() - r.before().gcCount(), r.after().gcMillis() - r.before().gcMillis()));
        return s.toString();
    }

    String report(JoinResult join, List<PhaseResult> results, int cores, long rssStart, long rssBefore, long rssJoined,
            long rssAfterGc, long threadsJoined, String heap, String idleLine) {
        StringBuilder t = new StringBuilder();
        long[] jt = join.sortedNanos();
        t.append(String.format(Locale.ROOT, "Sessions: %d of %d joined on one %s (%d meetings x %d), in %.1f s "
                + "(%d connecting at a time); connect+join per session p50 %.0f ms, p99 %.0f ms, max %.0f ms; failures: %s.%n",
                join.joined(), join.attempted(), options.rssPid, options.meetings, options.attendees, join.wallSeconds(),
                options.connectConcurrency, pct(jt, 0.5), pct(jt, 0.99), jt.length == 0 ? Double.NaN : ms(jt[jt.length - 1]),
                join.failures().isEmpty() ? "none" : join.failures().toString()));
        t.append(String.format(Locale.ROOT, "%s memory: RSS %s at start, %s with %d sessions joined (%s after a full GC), "
                + "%d threads; live heap %s.%n", options.rssPid, mib(rssBefore), mib(rssJoined), join.joined(),
                mib(rssAfterGc), threadsJoined, heap == null ? "not measured" : heap));
        if (idleLine != null) {
            t.append(idleLine).append('\n');
        }
        t.append('\n');
        t.append("| messages/s | sent | deliveries expected | received | lost | deliveries/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        for (String name : pidNames) {
            t.append(" CPU ms/1k deliv. ").append(name).append(" |");
        }
        t.append(" CPU ms/1k deliv. load gen. | JIT CPU s | machine busy | other procs CPU s | ")
                .append(options.rssPid).append(" RSS |\n");
        t.append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|").append("--:|".repeat(pidNames.size()))
                .append("--:|--:|--:|--:|--:|\n");
        for (PhaseResult r : results) {
            long[] lat = phaseLatencies(r.phase());
            double machine = cpuSeconds(r.before().machine(), r.after().machine());
            t.append(String.format(Locale.ROOT, "| %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", r.rate(),
                    thousands(r.sent()), thousands(r.expected()), thousands(lat.length),
                    thousands(Math.max(0, r.expected() - lat.length)), thousands(Math.round(lat.length / r.seconds())),
                    fmt(pct(lat, 0.5), 1), fmt(pct(lat, 0.9), 1), fmt(pct(lat, 0.99), 1), fmt(pct(lat, 0.999), 1),
                    fmt(lat.length == 0 ? Double.NaN : ms(lat[lat.length - 1]), 1)));
            for (int i = 0; i < pidNames.size(); i++) {
                t.append(' ').append(per1000(workSeconds(i, r.before(), r.after()), lat.length)).append(" |");
            }
            t.append(' ').append(per1000(workSeconds(-1, r.before(), r.after()), lat.length)).append(" |")
                    .append(String.format(Locale.ROOT, " %.1f | %.0f%% | %.1f | %s |%n", jitSeconds(r.before(), r.after()),
                            100 * machine / (r.seconds() * cores), otherSeconds(r.before(), r.after()), mib(r.rssKib())));
        }
        t.append("\nLatency: from the intended send time (the pacer's schedule) to the receiving socket's listener, over every "
                + "delivery of the phase (deliveries that arrived during the drain included). Lost = expected - received. "
                + "CPU ms/1k deliv.: CPU time of the process during the phase (JIT compiler threads left out) x 10^6 / "
                + "deliveries.\n");
        for (PhaseResult r : results) {
            long[] lat = phaseLatencies(r.phase());
            t.append(String.format(Locale.ROOT, "- %.0f msg/s: %.1f s, %d send failures, %d throttled, %d error frames, pacer "
                    + "lag p99 %.2f ms / max %.1f ms, %d deliveries arrived after the %.1f s drain, load-generator GC %d "
                    + "collections / %d ms, %s threads %d.%n", r.rate(), r.seconds(), r.sendFailed(), throttled[r.phase()].sum(),
                    errorFrames[r.phase()].sum(), pct(r.lagSorted(), 0.99),
                    r.lagSorted().length == 0 ? Double.NaN : ms(r.lagSorted()[r.lagSorted().length - 1]),
                    lat.length - r.receivedAtDrain(), r.drainSeconds(), r.after().gcCount() - r.before().gcCount(),
                    r.after().gcMillis() - r.before().gcMillis(), options.rssPid, r.threads()));
        }
        t.append(String.format(Locale.ROOT, "- Pings sent %d, pongs %d; roster updates %d; sessions lost after joining %d%s; "
                + "malformed frames %d; listener errors %d%s%s%s.%n", pings.sum(), pongs.sum(), rosterUpdates.sum(),
                lostAfterJoin.sum(), closeReasons.isEmpty() ? "" : " " + new TreeMap<>(closeReasons), malformed.sum(),
                listenerErrors.sum(), unexpectedFrames.isEmpty() ? "" : "; other frames " + new TreeMap<>(unexpectedFrames),
                audioStatuses.isEmpty() ? "" : "; AUDIO_STATUS " + new TreeMap<>(audioStatuses),
                firstError.get() == null ? "" : "; first error frame: " + firstError.get()));

        PhaseResult target = results.stream().filter(r -> Math.abs(r.rate() - 1000) < 1e-9).findFirst().orElse(null);
        if (target != null) {
            long[] lat = phaseLatencies(target.phase());
            double p99 = pct(lat, 0.99);
            boolean met = p99 < 50 && lat.length > 0 && target.expected() - lat.length == 0 && join.joined() == join.attempted();
            t.append(String.format(Locale.ROOT, "%nTarget p99 < 50 ms at 1,000 messages/s with %d sessions: %s (p99 %.1f ms, %d of %d "
                    + "deliveries, %d of %d sessions joined).%n", join.attempted(), met ? "MET" : "NOT MET", p99, lat.length,
                    target.expected(), join.joined(), join.attempted()));
        }
        return t.toString();
    }
}
