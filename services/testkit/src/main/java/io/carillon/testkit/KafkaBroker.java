package io.carillon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node KRaft Kafka broker in a child JVM: fresh storage, free ports, the same
 * broker configuration template as the local platform (infra/kafka/broker.properties).
 *
 * <p>{@link #shared()} starts one broker per test JVM and stops it when the JVM exits. Tests that
 * need Kafka to go away and come back use {@link #stop()} and {@link #start()} on a broker of their
 * own ({@link #fresh()}), which keeps its ports and data.
 */
public final class KafkaBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static KafkaBroker shared;

    private final Path home;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path home, Path dataDir, int port, int controllerPort) {
        this.home = home;
        this.dataDir = dataDir;
        this.logFile = dataDir.resolve("broker.log");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** The broker of this test JVM, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = fresh();
        }
        return shared;
    }

    /** A new broker with its own storage and ports, already started; stopped when the JVM exits. */
    public static KafkaBroker fresh() {
        try {
            Path data = Files.createTempDirectory("carillon-kafka-");
            int[] ports = freePorts(2);
            KafkaBroker broker = new KafkaBroker(kafkaHome(), data, ports[0], ports[1]);
            broker.format();
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-broker-stop"));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker process (again) on its ports and data, and waits until it serves clients. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        long begin = System.nanoTime();
        process = java("kafka.Kafka", config().toString());
        awaitReady();
        System.out.printf("[testkit] Kafka broker at %s ready in %d ms (log %s)%n",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), logFile);
    }

    /** Stops the broker process cleanly; the data stays for a later {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process);
        process = null;
    }

    private void destroy() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is not worth failing a JVM exit for
        }
    }

    private void format() throws IOException {
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        Process format = java("kafka.tools.StorageTool", "format", "--config", config().toString(),
                "--cluster-id", clusterId);
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("Kafka storage format failed:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path config() {
        Path config = dataDir.resolve("server.properties");
        if (Files.exists(config)) {
            return config;
        }
        try {
            String template = Files.readString(home.resolve("broker.properties"));
            String filled = template
                    .replace("@PORT@", Integer.toString(port))
                    .replace("@CONTROLLER_PORT@", Integer.toString(controllerPort))
                    .replace("@LISTEN_HOST@", "127.0.0.1")
                    .replace("@ADVERTISED_HOST@", "127.0.0.1")
                    .replace("@DATA_DIR@", dataDir.resolve("log").toString());
            // Tests create many short-lived topics and groups; one partition each keeps them quick.
            filled += "\noffsets.topic.num.partitions=1\nnum.partitions=1\n";
            Files.writeString(config, filled, StandardCharsets.UTF_8);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process java(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", home.resolve("target/lib") + "/*",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn",
                mainClass));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + ":\n" + logTail());
            }
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("Kafka broker not ready after " + START_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log at " + logFile + ")";
        }
    }

    /**
     * infra/kafka of this checkout: from the {@code carillon.kafka.libs} system property that the
     * build sets, else found by walking up from the working directory.
     */
    static Path kafkaHome() {
        String libs = System.getProperty("carillon.kafka.libs");
        if (libs != null && Files.isDirectory(Paths.get(libs))) {
            return Paths.get(libs).getParent().getParent();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path home = dir.resolve("infra/kafka");
            if (Files.isDirectory(home.resolve("target/lib"))) {
                return home;
            }
        }
        throw new IllegalStateException("The Kafka broker's jars are missing (infra/kafka/target/lib); "
                + "build them with: ./mvnw -q -pl infra/kafka package");
    }

    /** Distinct free ports: all sockets are held open together, so none is handed out twice. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", data " + dataDir + "]";
    }
}
