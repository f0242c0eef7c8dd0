package io.carillon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Carillon service started from its built jar ({@code <module>/target/quarkus-app}) as a child
 * JVM on a free port, the way the run command starts it: for tests that need a real neighbour
 * service, and for tests that restart one. It is stopped when the test JVM exits.
 */
public final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String module;
    private final Path jar;
    private final Map<String, String> config;
    private final int port;
    private final Path log;
    private Process process;

    private ServiceProcess(String module, Map<String, String> config) {
        this.module = module;
        Path root = KafkaBroker.kafkaHome().getParent().getParent();
        this.jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with: ./mvnw -q package -DskipTests -pl " + module);
        }
        this.config = Map.copyOf(config);
        this.port = freePort();
        try {
            this.log = Files.createTempFile("carillon-" + module + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, module + "-stop"));
    }

    /** Starts the service with these config properties and waits until it is ready. */
    public static ServiceProcess start(String module, Map<String, String> config) {
        ServiceProcess service = new ServiceProcess(module, config);
        service.start();
        return service;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    /** Stops the service the way an operator does (SIGTERM, graceful shutdown). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process);
        process = null;
    }

    /** Kills the service the way a crash does (SIGKILL: no shutdown hooks, nothing flushed). */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The running process's id, or -1. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Where the service's output goes. */
    public Path logFile() {
        return log;
    }

    private void awaitReady() {
        long begin = System.nanoTime();
        long deadline = begin + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; log " + log);
            }
            if (ready()) {
                System.out.printf("[testkit] %s ready at %s in %d ms (log %s)%n", module, url(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), log);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(module + " not ready after " + READY_TIMEOUT + "; log " + log);
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(3000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
