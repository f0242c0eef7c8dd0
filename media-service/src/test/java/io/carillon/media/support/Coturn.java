package io.carillon.media.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * coturn (Debian's {@code coturn}) on loopback for a test: TURN REST API secret, UDP and TCP on a
 * free port, relaying to loopback peers (the media service is one), no TLS.
 */
public final class Coturn implements AutoCloseable {

    static final String BINARY = "/usr/bin/turnserver";

    private final Process process;
    private final int port;
    private final Path log;

    private Coturn(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean installed() {
        return new File(BINARY).canExecute();
    }

    public static Coturn start(String secret) {
        try {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0)) {
                port = probe.getLocalPort();
            }
            Path log = Files.createTempFile("carillon-coturn-", ".log");
            Process process = new ProcessBuilder(List.of(BINARY, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                    "--listening-port=" + port, "--min-port=49160", "--max-port=49400", "--use-auth-secret",
                    "--static-auth-secret=" + secret, "--realm=carillon.test", "--allow-loopback-peers", "--no-cli",
                    "--no-tls", "--no-dtls", "--no-multicast-peers", "--verbose", "--log-file=stdout"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Thread.sleep(1000);
            if (!process.isAlive()) {
                throw new IllegalStateException("coturn exited: " + Files.readString(log));
            }
            return new Coturn(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<String> uris() {
        return List.of("turn:127.0.0.1:" + port + "?transport=udp", "turn:127.0.0.1:" + port + "?transport=tcp");
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
