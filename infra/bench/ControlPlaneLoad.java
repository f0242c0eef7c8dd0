/*
 * Load generator for the Carillon control plane (meeting-service's Chime SDK Meetings API).
 *
 * Single-file Java 17 program, JDK only:  java ControlPlaneLoad.java [options]
 * Normally started by infra/bench/control-plane.sh, which also starts Kafka and the services.
 *
 * Every request is signed with AWS Signature Version 4 the way AWS clients sign rest-json calls
 * (service "chime"; signed headers host;x-amz-date, plus content-type when there is a body;
 * payload hash = SHA-256 of the body). Phases: a warm-up and a rehearsal that are not reported, then for each
 * concurrency level CreateMeeting, CreateAttendee and GetAttendee, each run by N closed-loop
 * workers (send, wait for the answer, send the next) for a fixed time. Reported per phase:
 * successes, errors by status, throughput, p50/p90/p99/max latency, and, for the processes named
 * with --pid, the CPU time they used during the phase (utime+stime from /proc/<pid>/stat), with the
 * JIT compiler threads (C1/C2 CompilerThread, from /proc/<pid>/task/<tid>/stat) counted apart: they
 * are warm-up cost, not the cost of a request.
 *
 * Options (--name value or --name=value):
 *   --endpoint URL        meeting-service base URL            (http://127.0.0.1:18080)
 *   --concurrency LIST    worker counts, comma separated      (1,8,32,64)
 *   --rates LIST          open-loop phases instead: requests per second, comma separated (none). Requests
 *                         start at fixed times (the n-th at n/rate s), whether or not earlier ones were
 *                         answered, on --rate-workers threads; a request's latency runs from the time it was
 *                         due, so a stalled service shows as latency rather than as fewer requests sent.
 *   --rate-workers N      threads that send the open-loop requests (64)
 *   --duration SECONDS    measured time of each phase         (20)
 *   --warmup SECONDS      longest unreported warm-up          (60)
 *   --warmup-min SECONDS  shortest warm-up                    (10); in between, the warm-up ends once the
 *                         JIT compiler threads of all processes used < 10% of a core over 5 s
 *   --quiet-wait SECONDS  before each phase, wait up to this long while other processes (a build, say)
 *                         keep more than a quarter of a core busy (60); 0 = don't wait
 *   --pause SECONDS       idle time between phases            (2)
 *   --idle SECONDS        after the warm-up, CPU of the processes with no load (5); 0 = skip
 *   --rehearsal SECONDS   after the warm-up, each operation of the list once, unreported, exactly as its
 *                         heaviest measured phase will run it (highest rate or worker count, the same meeting
 *                         pool set-up before it), for this long (10); 0 = skip. JMH's rule: the last warm-up
 *                         is the measured work itself. The mixed warm-up leaves paths the phases take first
 *                         (more connections in the pools, the set-up's calls followed by the load) unused, and
 *                         the JIT's first use of those paths (de-optimisation, then a new compile) stalled
 *                         the first seconds of a phase
 *   --meetings N          meetings each CreateAttendee phase spreads its attendees over (100)
 *   --max-count N         MeetingFeatures.Attendee.MaxCount of those meetings (250)
 *   --operations LIST     subset of CreateMeeting,CreateAttendee,GetAttendee (all)
 *   --pid NAME=PID        a process whose CPU time to report; repeatable
 *   --clk-tck N           clock ticks per second of /proc (getconf CLK_TCK; 100)
 *   --region R            SigV4 region                        (us-east-1)
 *   --access-key ID       SigV4 access key id  (AWS_ACCESS_KEY_ID, else the development key)
 *   --secret-key KEY      SigV4 secret         (AWS_SECRET_ACCESS_KEY, else the development secret)
 *   --out FILE            write the summary table (Markdown) to FILE instead of printing it
 */

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class ControlPlaneLoad {

    static final String DEV_ACCESS_KEY = "AKIACARILLONDEV0001";
    static final String DEV_SECRET = "carillon-development-secret-key-0001";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final List<String> ALL_OPERATIONS = List.of("CreateMeeting", "CreateAttendee", "GetAttendee");

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ControlPlaneLoad: " + e.getMessage());
            System.exit(64);
            return;
        }
        int code = new ControlPlaneLoad(options).run();
        System.exit(code);
    }

    // ------------------------------------------------------------------------------------------
    // Options

    static final class Options {
        URI endpoint = URI.create("http://127.0.0.1:18080");
        int[] concurrency = {1, 8, 32, 64};
        double[] rates = {};
        int rateWorkers = 64;
        double duration = 20;
        double warmup = 60;
        double warmupMin = 10;
        double quietWait = 60;
        double pause = 2;
        double idle = 5;
        double rehearsal = 10;
        int meetings = 100;
        int maxCount = 250;
        List<String> operations = ALL_OPERATIONS;
        Map<String, Long> pids = new LinkedHashMap<>();
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
                    throw new IllegalArgumentException("options are described at the top of ControlPlaneLoad.java");
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
                        case "concurrency" -> o.concurrency = Arrays.stream(value.split(",")).map(String::trim)
                                .mapToInt(Integer::parseInt).toArray();
                        case "rates" -> o.rates = Arrays.stream(value.split(",")).map(String::trim)
                                .mapToDouble(Double::parseDouble).toArray();
                        case "rate-workers" -> o.rateWorkers = Integer.parseInt(value);
                        case "duration" -> o.duration = Double.parseDouble(value);
                        case "warmup" -> o.warmup = Double.parseDouble(value);
                        case "warmup-min" -> o.warmupMin = Double.parseDouble(value);
                        case "quiet-wait" -> o.quietWait = Double.parseDouble(value);
                        case "pause" -> o.pause = Double.parseDouble(value);
                        case "idle" -> o.idle = Double.parseDouble(value);
                        case "rehearsal" -> o.rehearsal = Double.parseDouble(value);
                        case "meetings" -> o.meetings = Integer.parseInt(value);
                        case "max-count" -> o.maxCount = Integer.parseInt(value);
                        case "operations" -> {
                            o.operations = Arrays.stream(value.split(",")).map(String::trim).toList();
                            for (String op : o.operations) {
                                if (!ALL_OPERATIONS.contains(op)) {
                                    throw new IllegalArgumentException("unknown operation '" + op + "'; known: " + ALL_OPERATIONS);
                                }
                            }
                        }
                        case "pid" -> {
                            int at = value.indexOf('=');
                            if (at <= 0) {
                                throw new IllegalArgumentException("--pid wants NAME=PID, got '" + value + "'");
                            }
                            o.pids.put(value.substring(0, at), Long.parseLong(value.substring(at + 1)));
                        }
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
            if (Arrays.stream(o.rates).anyMatch(r -> r <= 0) || o.rateWorkers < 1) {
                throw new IllegalArgumentException("--rates and --rate-workers need positive values");
            }
            if (o.concurrency.length == 0 || Arrays.stream(o.concurrency).anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("--concurrency needs positive worker counts");
            }
            if (o.duration <= 0 || o.warmup < 0 || o.warmupMin < 0 || o.quietWait < 0 || o.pause < 0 || o.idle < 0 || o.rehearsal < 0 || o.meetings < 1 || o.maxCount < 1 || o.clkTck < 1) {
                throw new IllegalArgumentException("--duration, --meetings, --max-count, --clk-tck must be positive, --warmup, --warmup-min, --quiet-wait, --pause, --idle, --rehearsal not negative");
            }
            return o;
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    // ------------------------------------------------------------------------------------------
    // SigV4 signing (AWS General Reference: canonical request, string to sign, signing key)

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
        SignedRequest request(String method, URI uri, byte[] body) {
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

            StringBuilder head = new StringBuilder(512)
                    .append(method).append(' ').append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(hostHeader(uri))
                    .append("\r\nX-Amz-Date: ").append(amzDate)
                    .append("\r\nAuthorization: AWS4-HMAC-SHA256 Credential=").append(accessKey).append('/').append(scope)
                    .append(", SignedHeaders=").append(signedHeaders).append(", Signature=").append(signature);
            if (hasBody) {
                head.append("\r\nContent-Type: ").append(CONTENT_TYPE);
            }
            head.append("\r\nContent-Length: ").append(hasBody ? body.length : 0).append("\r\n\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
            byte[] wire = hasBody ? Arrays.copyOf(headBytes, headBytes.length + body.length) : headBytes;
            if (hasBody) {
                System.arraycopy(body, 0, wire, headBytes.length, body.length);
            }
            return new SignedRequest(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort(), wire);
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

        /** The Host header: the port only when it is not the scheme's default. */
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
    // CPU accounting from /proc

    /** utime+stime of a process in clock ticks, or -1 if it is gone. Counts every thread. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
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
    /** Ticks the hypervisor gave to others while this VM wanted to run (/proc/stat "steal"); -1 if unknown. */
    static long stealTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
            return f.length > 8 ? Long.parseLong(f[8]) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

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

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU counters at one instant: the named processes, this load generator, the whole machine. */
    record CpuSample(long[] processes, long[] jit, long self, long selfJit, long machine, long steal, long nanos) {
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
        return new CpuSample(ticks, jit, processTicks(self), jitTicks(self), machineBusyTicks(), stealTicks(),
                System.nanoTime());
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

    /**
     * Waits (up to --quiet-wait) while processes other than ours keep more than a quarter of a core
     * busy: the machine is shared, and a build next door halves the figures.
     */
    void awaitQuiet() throws InterruptedException {
        long begin = System.nanoTime();
        while (true) {
            CpuSample before = cpuSample();
            Thread.sleep(2000);
            CpuSample after = cpuSample();
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            double others = (cpuSeconds(before.machine(), after.machine()) - oursSeconds(before, after)) / seconds;
            if (others < 0.25) {
                return;
            }
            double waited = (System.nanoTime() - begin) / 1e9;
            if (waited >= options.quietWait) {
                System.out.printf(Locale.ROOT, "[load] other processes still use %.1f cores after %.0f s; measuring anyway%n",
                        others, waited);
                return;
            }
            System.out.printf(Locale.ROOT, "[load] other processes use %.1f cores (load average %.1f); waiting...%n", others,
                    loadAverage());
            Thread.sleep(3000);
        }
    }

    // ------------------------------------------------------------------------------------------
    // HTTP/1.1

    /** A request as it goes on the wire: request line, headers (signed) and body. */
    record SignedRequest(String host, int port, byte[] wire) {
    }

    /**
     * A minimal HTTP/1.1 client: each sending thread keeps one keep-alive connection and writes a
     * request, then reads its answer, with no other thread involved. The JDK's HttpClient hands
     * every response to another thread; on two cores shared with the services it cost ~0.3 ms of
     * CPU per request, about a sixth of the machine at 1,000 requests/s. Understands what the
     * services send: a status line, headers, and a body of Content-Length bytes or chunked.
     */
    static final class Http1 {

        record Response(int statusCode, String errorType, String body) {
        }

        private static final class Connection {
            final Socket socket;
            final OutputStream out;
            final InputStream in;

            Connection(String host, int port) throws IOException {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            }

            void close() {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private final ThreadLocal<Connection> connections = new ThreadLocal<>();

        /** Sends on this thread's connection; a connection the server closed is replaced once. */
        Response send(SignedRequest request) throws IOException {
            Connection connection = connections.get();
            boolean reused = connection != null;
            if (connection == null) {
                connection = open(request);
            }
            try {
                return exchange(connection, request);
            } catch (IOException e) {
                connection.close();
                connections.remove();
                if (!reused) {
                    throw e;
                }
                return exchange(open(request), request);
            }
        }

        /**
         * Opens this thread's connection ahead of its first request, so that a phase's first requests
         * do not each pay a TCP connect (64 at once at every phase start, otherwise).
         */
        void connect(URI endpoint) throws IOException {
            if (connections.get() == null) {
                connections.set(new Connection(endpoint.getHost(), endpoint.getPort() < 0 ? 80 : endpoint.getPort()));
            }
        }

        /** Closes this thread's connection, if any: a worker's thread ends with its phase. */
        void disconnect() {
            Connection connection = connections.get();
            if (connection != null) {
                connection.close();
                connections.remove();
            }
        }

        private Connection open(SignedRequest request) throws IOException {
            Connection connection = new Connection(request.host(), request.port());
            connections.set(connection);
            return connection;
        }

        private Response exchange(Connection connection, SignedRequest request) throws IOException {
            connection.out.write(request.wire());
            connection.out.flush();
            String status = line(connection.in);
            if (status == null || !status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String errorType = "";
            for (String header = line(connection.in); header != null && !header.isEmpty(); header = line(connection.in)) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                } else if (name.equalsIgnoreCase("x-amzn-ErrorType")) {
                    errorType = value;
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int size = chunkSize(connection.in); size > 0; size = chunkSize(connection.in)) {
                    chunks.write(connection.in.readNBytes(size));
                    line(connection.in);
                }
                for (String trailer = line(connection.in); trailer != null && !trailer.isEmpty(); trailer = line(connection.in)) {
                    // trailers: none expected
                }
                body = chunks.toByteArray();
            } else if (length >= 0) {
                body = connection.in.readNBytes((int) length);
                if (body.length < length) {
                    throw new IOException("connection closed in the middle of a body");
                }
            } else {
                body = connection.in.readAllBytes();
                close = true;
            }
            if (close) {
                connection.close();
                connections.remove();
            }
            return new Response(code, errorType, new String(body, StandardCharsets.UTF_8));
        }

        private static int chunkSize(InputStream in) throws IOException {
            String line = line(in);
            if (line == null) {
                throw new IOException("connection closed in the middle of a chunked body");
            }
            int semicolon = line.indexOf(';');
            return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
        }

        /** A header line without its CRLF; null at the end of the stream before any byte. */
        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); ; b = in.read()) {
                if (b < 0) {
                    return line.length() == 0 ? null : line.toString();
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Operations

    /** One request of a phase and what it was for. */
    record Call(SignedRequest request, String kind, String meetingId) {
    }

    /** What a phase sends. next() returns null when the phase has nothing left to send. */
    interface Operation {
        Call next();

        default void succeeded(Call call, String body) {
        }
    }

    private static final Pattern MEETING_ID = Pattern.compile("\"MeetingId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ATTENDEE_ID = Pattern.compile("\"AttendeeId\"\\s*:\\s*\"([^\"]+)\"");

    static String field(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private final Options options;
    private final List<String> pidNames;
    private final Signer signer;
    private final Http1 http = new Http1();
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    private final AtomicLong sequence = new AtomicLong();
    /** {meetingId, attendeeId} of every attendee created so far (warm-up and CreateAttendee phases). */
    private final List<String[]> attendees = new ArrayList<>();

    ControlPlaneLoad(Options options) {
        this.options = options;
        this.pidNames = new ArrayList<>(options.pids.keySet());
        this.signer = new Signer(options.accessKey, options.secretKey, options.region, "chime");
    }

    SignedRequest createMeetingRequest(Integer maxCount) {
        long n = sequence.incrementAndGet();
        String token = "bench-" + run + "-" + n;
        String features = maxCount == null ? "" : ",\"MeetingFeatures\":{\"Attendee\":{\"MaxCount\":" + maxCount + "}}";
        String body = "{\"ClientRequestToken\":\"" + token + "\",\"MediaRegion\":\"" + options.region
                + "\",\"ExternalMeetingId\":\"" + token + "\"" + features + "}";
        return signer.request("POST", URI.create(options.endpoint + "/meetings"), body.getBytes(StandardCharsets.UTF_8));
    }

    SignedRequest createAttendeeRequest(String meetingId) {
        String body = "{\"ExternalUserId\":\"user-" + run + "-" + sequence.incrementAndGet() + "\"}";
        return signer.request("POST", URI.create(options.endpoint + "/meetings/" + meetingId + "/attendees"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    SignedRequest getAttendeeRequest(String meetingId, String attendeeId) {
        return signer.request("GET", URI.create(options.endpoint + "/meetings/" + meetingId + "/attendees/" + attendeeId), null);
    }

    void rememberAttendee(String meetingId, String body) {
        String attendeeId = field(ATTENDEE_ID, body);
        if (attendeeId != null) {
            synchronized (attendees) {
                attendees.add(new String[] {meetingId, attendeeId});
            }
        }
    }

    /** CreateMeeting: a new meeting each time (unique ClientRequestToken). */
    final class CreateMeetings implements Operation {
        @Override
        public Call next() {
            return new Call(createMeetingRequest(null), "CreateMeeting", null);
        }
    }

    /** CreateAttendee spread round-robin over a pool of meetings; stops when the pool is full. */
    final class CreateAttendees implements Operation {
        private final String[] pool;
        private final long capacity;
        private final AtomicLong slot = new AtomicLong();

        CreateAttendees(String[] pool, int maxCount) {
            this.pool = pool;
            this.capacity = (long) pool.length * maxCount;
        }

        @Override
        public Call next() {
            long s = slot.getAndIncrement();
            if (s >= capacity) {
                return null;
            }
            String meetingId = pool[(int) (s % pool.length)];
            return new Call(createAttendeeRequest(meetingId), "CreateAttendee", meetingId);
        }

        @Override
        public void succeeded(Call call, String body) {
            rememberAttendee(call.meetingId(), body);
        }
    }

    /** GetAttendee of attendees picked at random from a fixed set. */
    final class GetAttendees implements Operation {
        private final String[][] known;

        GetAttendees(String[][] known) {
            this.known = known;
        }

        @Override
        public Call next() {
            String[] a = known[ThreadLocalRandom.current().nextInt(known.length)];
            return new Call(getAttendeeRequest(a[0], a[1]), "GetAttendee", a[0]);
        }
    }

    /** Warm-up: every path the measurement uses, mixed (1 CreateMeeting : ~4 CreateAttendee : ~5 GetAttendee). */
    final class Mixed implements Operation {
        private final List<String> meetings = new ArrayList<>();
        private final AtomicLong count = new AtomicLong();

        @Override
        public Call next() {
            long n = count.getAndIncrement();
            String meeting;
            synchronized (meetings) {
                meeting = meetings.isEmpty() || n % 10 == 0 ? null : meetings.get(meetings.size() - 1);
            }
            if (meeting == null) {
                return new Call(createMeetingRequest(options.maxCount), "CreateMeeting", null);
            }
            String[] attendee = null;
            if (n % 2 == 0) {
                synchronized (attendees) {
                    if (!attendees.isEmpty()) {
                        attendee = attendees.get(ThreadLocalRandom.current().nextInt(attendees.size()));
                    }
                }
            }
            if (attendee != null) {
                return new Call(getAttendeeRequest(attendee[0], attendee[1]), "GetAttendee", attendee[0]);
            }
            return new Call(createAttendeeRequest(meeting), "CreateAttendee", meeting);
        }

        @Override
        public void succeeded(Call call, String body) {
            switch (call.kind()) {
                case "CreateMeeting" -> {
                    String id = field(MEETING_ID, body);
                    if (id != null) {
                        synchronized (meetings) {
                            meetings.add(id);
                        }
                    }
                }
                case "CreateAttendee" -> rememberAttendee(call.meetingId(), body);
                default -> {
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Running a phase: N closed-loop workers for a fixed time

    static final class Worker implements Runnable {
        private final Http1 http;
        private final URI endpoint;
        private final Operation operation;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final Phase phase;
        long[] latencies = new long[4096];
        /** When each request of {@link #latencies} was due (started, closed loop), in nanoseconds from the phase start. */
        long[] dues = new long[4096];
        int count;
        final Map<String, Integer> errors = new TreeMap<>();
        String firstError;
        boolean exhausted;

        Worker(Http1 http, URI endpoint, Operation operation, CountDownLatch ready, CountDownLatch go, Phase phase) {
            this.http = http;
            this.endpoint = endpoint;
            this.operation = operation;
            this.ready = ready;
            this.go = go;
            this.phase = phase;
        }

        @Override
        public void run() {
            try {
                http.connect(endpoint);
            } catch (IOException e) {
                error(e.getClass().getSimpleName(), "connecting: " + e.getMessage());
            }
            ready.countDown();
            try {
                go.await();
                work();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                http.disconnect();
            }
        }

        private void work() {
            while (System.nanoTime() < phase.deadline) {
                boolean paced = phase.intervalNanos > 0;
                long start = 0;
                if (paced) {
                    start = phase.startNanos + (long) (phase.tickets.getAndIncrement() * phase.intervalNanos);
                    if (start >= phase.deadline) {
                        break;
                    }
                    long wait = start - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                Call call = operation.next();
                if (call == null) {
                    exhausted = true;
                    break;
                }
                if (!paced) {
                    start = System.nanoTime();
                }
                try {
                    Http1.Response response = http.send(call.request());
                    long took = System.nanoTime() - start;
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                            dues = Arrays.copyOf(dues, count * 2);
                        }
                        dues[count] = start - phase.startNanos;
                        latencies[count++] = took;
                        phase.ok.increment();
                        operation.succeeded(call, response.body());
                    } else {
                        String type = response.errorType();
                        error(status + (type.isEmpty() ? "" : " " + type), response.body());
                    }
                } catch (IOException e) {
                    error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                }
            }
        }

        private void error(String what, String detail) {
            errors.merge(what, 1, Integer::sum);
            phase.errors.increment();
            if (firstError == null) {
                firstError = what + ": " + (detail.length() > 300 ? detail.substring(0, 300) + "..." : detail);
            }
        }
    }

    static final class Phase {
        volatile long deadline;
        /** Open loop: a request due every intervalNanos from startNanos; 0 = closed loop. */
        volatile double intervalNanos;
        volatile long startNanos;
        final AtomicLong tickets = new AtomicLong();
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
    }

    /** What one phase measured. */
    record Result(String operation, int workers, double offeredRate, long ok, Map<String, Integer> errors, String firstError, double seconds,
            long[] sortedNanos, boolean exhausted, CpuSample before, CpuSample after, SlowRequests slow) {

        /** "32 workers", or "1000/s open loop (64 threads)". */
        String load() {
            return offeredRate > 0 ? String.format(Locale.ROOT, "%.0f/s open loop (%d threads)", offeredRate, workers)
                    : workers + " workers";
        }

        /**
         * Whether the phase carried the rate: a closed loop that reached it, or an open loop offered at
         * least the rate that kept up with what it offered (within 1 %: the last requests of the window
         * are still in flight when it closes).
         */
        boolean sustained(double rate) {
            return offeredRate > 0 ? offeredRate >= rate && throughput() >= 0.99 * offeredRate : throughput() >= rate;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Integer::longValue).sum();
        }

        double throughput() {
            return ok / seconds;
        }

        /** Nearest-rank percentile in milliseconds. */
        double percentile(double q) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sortedNanos.length);
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
        }

        double max() {
            return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
        }
    }

    /**
     * The requests over the target's 20 ms and when they were due, in windows of 100 ms: a tail made of a few
     * windows is the whole machine stalling at once (GC, the VM's host), a tail spread over the phase is queueing.
     *
     * @param worst the {@code WORST} windows holding the most slow requests: {start ms, slow requests}
     */
    record SlowRequests(int count, int windows, long[][] worst) {
        static final long SLOW_NANOS = 20_000_000;
        static final long WINDOW_NANOS = 100_000_000;
        static final int WORST = 3;

        static SlowRequests of(Worker[] workers) {
            TreeMap<Long, Integer> byWindow = new TreeMap<>();
            int count = 0;
            for (Worker w : workers) {
                for (int i = 0; i < w.count; i++) {
                    if (w.latencies[i] > SLOW_NANOS) {
                        count++;
                        byWindow.merge(Math.max(0, w.dues[i]) / WINDOW_NANOS, 1, Integer::sum);
                    }
                }
            }
            long[][] worst = byWindow.entrySet().stream()
                    .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                    .limit(WORST)
                    .map(e -> new long[] {e.getKey() * WINDOW_NANOS / 1_000_000, e.getValue()})
                    .toArray(long[][]::new);
            return new SlowRequests(count, byWindow.size(), worst);
        }

        /** "412 over 20 ms, due in 37 windows of 100 ms; the worst: 120 at 4.3 s, 80 at 11.0 s, 40 at 2.1 s". */
        String describe() {
            if (count == 0) {
                return "none over 20 ms";
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d over 20 ms, due in %d windows of 100 ms; the worst:",
                    count, windows));
            for (int i = 0; i < worst.length; i++) {
                s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%d at %.1f s", worst[i][1], worst[i][0] / 1000.0));
            }
            return s.toString();
        }
    }

    /**
     * minSeconds >= 0: a warm-up, which ends after minSeconds once the JIT compilers have calmed down.
     * rate > 0: open loop at that many requests per second; 0: closed loop.
     */
    Result runPhase(String name, int workers, double seconds, double minSeconds, double rate, Operation operation,
            boolean progress) throws InterruptedException {
        Phase phase = new Phase();
        phase.intervalNanos = rate > 0 ? 1e9 / rate : 0;
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        Worker[] ws = new Worker[workers];
        Thread[] threads = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            ws[i] = new Worker(http, options.endpoint, operation, ready, go, phase);
            threads[i] = new Thread(ws[i], "load-" + name + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        ready.await();
        Thread ticker = null;
        if (progress || minSeconds >= 0) {
            ticker = new Thread(() -> {
                long begin = System.nanoTime();
                CpuSample last = cpuSample();
                try {
                    while (true) {
                        Thread.sleep(5000);
                        CpuSample now = cpuSample();
                        double jit = jitSeconds(last, now) / ((now.nanos() - last.nanos()) / 1e9);
                        double elapsed = (now.nanos() - begin) / 1e9;
                        last = now;
                        System.out.printf(Locale.ROOT, "[load]   ... %2.0f s: %d ok, %d errors; JIT compilers %.0f%% of a core%n",
                                elapsed, phase.ok.sum(), phase.errors.sum(), 100 * jit);
                        if (minSeconds >= 0 && elapsed >= minSeconds && jit < 0.10) {
                            phase.deadline = System.nanoTime();
                            return;
                        }
                    }
                } catch (InterruptedException done) {
                    // phase over
                }
            }, "load-progress");
            ticker.setDaemon(true);
        }
        CpuSample before = cpuSample();
        phase.startNanos = before.nanos();
        phase.deadline = before.nanos() + (long) (seconds * 1e9);
        go.countDown();
        if (ticker != null) {
            ticker.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        CpuSample after = cpuSample();
        if (ticker != null) {
            ticker.interrupt();
        }

        int total = 0;
        for (Worker w : ws) {
            total += w.count;
        }
        long[] all = new long[total];
        int at = 0;
        Map<String, Integer> errors = new TreeMap<>();
        String firstError = null;
        boolean exhausted = false;
        for (Worker w : ws) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
            w.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum));
            if (firstError == null) {
                firstError = w.firstError;
            }
            exhausted |= w.exhausted;
        }
        SlowRequests slow = SlowRequests.of(ws);
        Arrays.sort(all);
        return new Result(name, workers, rate, total, errors, firstError, (after.nanos() - before.nanos()) / 1e9, all,
                exhausted, before, after, slow);
    }

    // ------------------------------------------------------------------------------------------
    // The benchmark

    int run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "[load] endpoint %s, %d cores, Java %s, load average %.2f%n", options.endpoint, cores,
                Runtime.version(), loadAverage());
        System.out.printf(Locale.ROOT, "[load] workers %s, %.0f s per phase, %.0f s warm-up, attendees over %d meetings "
                + "(MaxCount %d), CPU of %s%n", Arrays.toString(options.concurrency), options.duration, options.warmup,
                options.meetings, options.maxCount, pidNames.isEmpty() ? "(no --pid given)" : options.pids);
        for (String name : pidNames) {
            if (processTicks(options.pids.get(name)) < 0) {
                System.err.println("[load] process " + name + " (pid " + options.pids.get(name) + ") is not running");
                return 1;
            }
        }

        // One request first, so that a wrong endpoint or signature fails with its reason, not 10 s later.
        try {
            Http1.Response first = http.send(createMeetingRequest(options.maxCount));
            if (first.statusCode() != 200) {
                System.err.println("[load] CreateMeeting answered " + first.statusCode() + ": " + first.body());
                return 1;
            }
        } catch (IOException e) {
            System.err.println("[load] cannot reach " + options.endpoint + ": " + e);
            return 1;
        }

        if (options.warmup > 0) {
            int workers = Math.min(32, max(options.concurrency));
            System.out.printf(Locale.ROOT, "[load] warm-up: %.0f to %.0f s (until the JIT compilers calm down), %d workers, "
                    + "mixed operations (not reported)%n", Math.min(options.warmupMin, options.warmup), options.warmup, workers);
            Result warm = runPhase("warmup", workers, options.warmup, Math.min(options.warmupMin, options.warmup), 0,
                    new Mixed(), false);
            System.out.printf(Locale.ROOT, "[load] warm-up done after %.0f s: %d ok, %d errors (%.0f req/s), JIT compilers "
                    + "%.1f CPU s%n", warm.seconds(), warm.ok(), warm.errorCount(), warm.throughput(),
                    jitSeconds(warm.before(), warm.after()));
            if (warm.errorCount() > warm.ok()) {
                System.err.println("[load] most warm-up requests failed: " + warm.errors() + "; first: " + warm.firstError());
                return 1;
            }
        }

        String idleLine = null;
        if (options.idle > 0) {
            pause();
            if (options.quietWait > 0) {
                awaitQuiet();
            }
            System.out.printf(Locale.ROOT, "[load] idle baseline: %.0f s without requests...%n", options.idle);
            CpuSample before = cpuSample();
            Thread.sleep((long) (options.idle * 1000));
            CpuSample after = cpuSample();
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            StringBuilder idle = new StringBuilder("Idle baseline (no requests, after the warm-up), CPU in % of one core:");
            for (int i = 0; i < pidNames.size(); i++) {
                idle.append(String.format(Locale.ROOT, " %s %.1f%%,", pidNames.get(i),
                        100 * cpuSeconds(before.processes()[i], after.processes()[i]) / seconds));
            }
            idle.append(String.format(Locale.ROOT, " load generator %.1f%%; whole machine busy %.0f%% of %d cores.",
                    100 * cpuSeconds(before.self(), after.self()) / seconds,
                    100 * cpuSeconds(before.machine(), after.machine()) / (seconds * cores), cores));
            idleLine = idle.toString();
            System.out.println("[load] " + idleLine);
        }

        List<Result> results = new ArrayList<>();
        boolean openLoop = options.rates.length > 0;
        if (options.rehearsal > 0) {
            int workers = openLoop ? options.rateWorkers : max(options.concurrency);
            double rate = openLoop ? Arrays.stream(options.rates).max().orElse(0) : 0;
            String[][] recent = null;
            for (String operation : options.operations) {
                pause();
                Operation op = operation(operation, recent);
                System.out.printf(Locale.ROOT, "[load] rehearsal (not reported): %s, %d workers%s for %.0f s...%n", operation,
                        workers, openLoop ? String.format(Locale.ROOT, ", open loop at %.0f req/s", rate) : "", options.rehearsal);
                Result r = runPhase("rehearsal", workers, options.rehearsal, -1, rate, op, false);
                System.out.printf(Locale.ROOT, "[load]   rehearsal: %d ok, %d errors%n", r.ok(), r.errorCount());
                if (operation.equals("CreateAttendee")) {
                    recent = seedAttendees(500);
                }
            }
        }
        int levels = openLoop ? options.rates.length : options.concurrency.length;
        for (int level = 0; level < levels; level++) {
            int workers = openLoop ? options.rateWorkers : options.concurrency[level];
            double rate = openLoop ? options.rates[level] : 0;
            String[][] recent = null;
            for (String operation : options.operations) {
                pause();
                Operation op = operation(operation, recent);
                if (op instanceof GetAttendees get) {
                    recent = get.known;
                }
                if (options.quietWait > 0) {
                    awaitQuiet();
                }
                int before;
                synchronized (attendees) {
                    before = attendees.size();
                }
                System.out.printf(Locale.ROOT, "[load] %s: %d workers%s for %.0f s from %s...%n", operation, workers,
                        openLoop ? String.format(Locale.ROOT, ", open loop at %.0f req/s", rate) : "", options.duration,
                        java.time.LocalTime.now(java.time.ZoneOffset.UTC));
                Result r = runPhase(operation, workers, options.duration, -1, rate, op, true);
                results.add(r);
                System.out.println("[load] " + line(r, cores));
                if (operation.equals("CreateAttendee")) {
                    synchronized (attendees) {
                        recent = attendees.subList(before, attendees.size()).toArray(new String[0][]);
                    }
                }
            }
        }

        String report = report(results, cores) + (idleLine == null ? "" : idleLine + "\n");
        if (options.out != null) {
            Files.writeString(options.out, report);
            System.out.println("[load] done; figures written to " + options.out);
        } else {
            System.out.println();
            System.out.print(report);
        }
        return 0;
    }

    /**
     * The work of one phase, with its set-up: a CreateAttendee phase gets a fresh meeting pool (then a pause), a
     * GetAttendee phase reads {@code recent} (the attendees of the CreateAttendee phase before it) or seeded ones.
     */
    Operation operation(String operation, String[][] recent) throws Exception {
        switch (operation) {
            case "CreateMeeting" -> {
                return new CreateMeetings();
            }
            case "CreateAttendee" -> {
                String[] pool = meetingPool(options.meetings, options.maxCount);
                Operation op = new CreateAttendees(pool, options.maxCount);
                pause();
                return op;
            }
            default -> {
                return new GetAttendees(recent == null || recent.length == 0 ? seedAttendees(500) : recent);
            }
        }
    }

    /** Meetings with room for maxCount attendees each, created before a CreateAttendee phase (not measured). */
    String[] meetingPool(int count, int maxCount) throws Exception {
        System.out.printf("[load] creating %d meetings (MaxCount %d) for the CreateAttendee phase...%n", count, maxCount);
        String[] pool = new String[count];
        for (int i = 0; i < count; i++) {
            Http1.Response r = http.send(createMeetingRequest(maxCount));
            String id = r.statusCode() == 200 ? field(MEETING_ID, r.body()) : null;
            if (id == null) {
                throw new IllegalStateException("CreateMeeting for the attendee pool answered " + r.statusCode() + ": " + r.body());
            }
            pool[i] = id;
        }
        return pool;
    }

    /** Attendees to read when no CreateAttendee phase ran before a GetAttendee phase. */
    String[][] seedAttendees(int count) throws Exception {
        synchronized (attendees) {
            if (attendees.size() >= count) {
                return attendees.subList(attendees.size() - count, attendees.size()).toArray(new String[0][]);
            }
        }
        String[] pool = meetingPool(Math.max(1, count / 100), 250);
        List<String[]> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String meeting = pool[i % pool.length];
            Http1.Response r = http.send(createAttendeeRequest(meeting));
            String id = r.statusCode() == 200 ? field(ATTENDEE_ID, r.body()) : null;
            if (id == null) {
                throw new IllegalStateException("CreateAttendee answered " + r.statusCode() + ": " + r.body());
            }
            made.add(new String[] {meeting, id});
        }
        return made.toArray(new String[0][]);
    }

    void pause() throws InterruptedException {
        Thread.sleep((long) (options.pause * 1000));
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElse(1);
    }

    // ------------------------------------------------------------------------------------------
    // Reporting

    /** CPU seconds of a counter between two samples; NaN if the process went away. */
    double cpuSeconds(long before, long after) {
        return before < 0 || after < 0 ? Double.NaN : (after - before) / (double) options.clkTck;
    }

    /** CPU milliseconds per successful request (= CPU seconds per 1000 requests). */
    String perRequest(double cpuSeconds, long ok) {
        return ok == 0 || Double.isNaN(cpuSeconds) ? "-" : String.format(Locale.ROOT, "%.2f", cpuSeconds * 1000 / ok);
    }

    String line(Result r, int cores) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%s %s: %d ok, %d errors, %.1f req/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                r.operation(), r.load(), r.ok(), r.errorCount(), r.throughput(), r.percentile(0.50),
                r.percentile(0.90), r.percentile(0.99), r.max()));
        if (!r.errors().isEmpty()) {
            s.append("\n[load]   errors ").append(r.errors()).append("; first: ").append(r.firstError());
        }
        if (r.exhausted()) {
            s.append("\n[load]   the meeting pool filled up before the time was over; raise --meetings");
        }
        s.append("\n[load]   slow requests: ").append(r.slow().describe());
        s.append("\n[load]   CPU ms per request (JIT compilers apart):");
        for (int i = 0; i < pidNames.size(); i++) {
            s.append(' ').append(pidNames.get(i)).append(' ').append(perRequest(workSeconds(i, r.before(), r.after()), r.ok()));
        }
        s.append(" load-generator ").append(perRequest(workSeconds(-1, r.before(), r.after()), r.ok()));
        double machine = cpuSeconds(r.before().machine(), r.after().machine());
        double steal = cpuSeconds(r.before().steal(), r.after().steal());
        s.append(String.format(Locale.ROOT, "; JIT %.1f CPU s; machine busy %.0f%% of %d cores, other processes %.1f CPU s,"
                + " steal %.1f CPU s", jitSeconds(r.before(), r.after()), 100 * machine / (r.seconds() * cores), cores,
                others(r), steal));
        return s.toString();
    }

    /** CPU seconds of the machine during the phase spent neither in the measured processes nor stolen by the host. */
    double others(Result r) {
        double machine = cpuSeconds(r.before().machine(), r.after().machine());
        double steal = cpuSeconds(r.before().steal(), r.after().steal());
        return Math.max(0, machine - oursSeconds(r.before(), r.after()) - (Double.isNaN(steal) ? 0 : steal));
    }

    String report(List<Result> results, int cores) {
        StringBuilder t = new StringBuilder();
        t.append("| operation | load | ok | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |");
        for (String name : pidNames) {
            t.append(" CPU ms/req ").append(name).append(" |");
        }
        t.append(" CPU ms/req load generator | JIT CPU s | machine busy | other processes CPU s | steal CPU s | slow requests |\n");
        t.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        t.append("--:|".repeat(pidNames.size())).append("--:|--:|--:|--:|--:|---|\n");
        for (Result r : results) {
            t.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.0f | %.1f | %.1f | %.1f | %.1f |", r.operation(),
                    r.load(), r.ok(), r.errors().isEmpty() ? "0" : r.errorCount() + " " + r.errors(),
                    r.throughput(), r.percentile(0.50), r.percentile(0.90), r.percentile(0.99), r.max()));
            for (int i = 0; i < pidNames.size(); i++) {
                t.append(' ').append(perRequest(workSeconds(i, r.before(), r.after()), r.ok())).append(" |");
            }
            double machine = cpuSeconds(r.before().machine(), r.after().machine());
            t.append(' ').append(perRequest(workSeconds(-1, r.before(), r.after()), r.ok())).append(" |")
                    .append(String.format(Locale.ROOT, " %.1f | %.0f%% | %.1f | %.1f | %s |%n", jitSeconds(r.before(), r.after()),
                            100 * machine / (r.seconds() * cores), others(r),
                            cpuSeconds(r.before().steal(), r.after().steal()), r.slow().describe()));
        }
        t.append("\nCPU ms/req: CPU time of the process during the phase (JIT compiler threads left out, counted under "
                + "JIT CPU s) divided by the successful requests; it equals CPU seconds per 1000 requests. Machine busy "
                + "counts steal (CPU time the VM's host gave to others while the VM wanted it); other processes do not. "
                + "Slow requests: those over 20 ms, by the 100 ms window they were due in.\n\n");

        // The target: >= 1,000 CreateAttendee/s with p99 < 20 ms.
        Result best = null;
        for (Result r : results) {
            if (r.operation().equals("CreateAttendee") && (best == null || r.throughput() > best.throughput())) {
                best = r;
            }
        }
        if (best != null) {
            boolean met = results.stream().anyMatch(r -> r.operation().equals("CreateAttendee") && r.errorCount() == 0
                    && r.sustained(1000) && r.percentile(0.99) < 20);
            Result lowP99 = results.stream().filter(r -> r.operation().equals("CreateAttendee") && r.percentile(0.99) < 20)
                    .max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElse(null);
            t.append(String.format(Locale.ROOT, "Target >= 1000 CreateAttendee/s with p99 < 20 ms: %s. "
                    + "Highest CreateAttendee throughput %.0f req/s (%s, p99 %.1f ms)", met ? "MET" : "NOT MET",
                    best.throughput(), best.load(), best.percentile(0.99)));
            if (lowP99 != null) {
                t.append(String.format(Locale.ROOT, "; highest with p99 < 20 ms: %.0f req/s (%s, p99 %.1f ms)",
                        lowP99.throughput(), lowP99.load(), lowP99.percentile(0.99)));
            } else {
                t.append("; no level had p99 < 20 ms");
            }
            t.append(".\n");
        }
        return t.toString();
    }
}
