package io.carillon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One headless-Chromium participant running the unmodified amazon-chime-sdk-js
 * (services/testkit/browser/participant.mjs), driven with JSON lines: commands in, events out.
 * Any module's tests can run it; its log goes to {@code target/browser-<name>.log}.
 */
public final class BrowserParticipant implements AutoCloseable {

    public static final Path HARNESS = KafkaBroker.kafkaHome().getParent().getParent().resolve("services/testkit/browser");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final OutputStream commands;
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();

    private BrowserParticipant(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(this::readEvents, "browser-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Where Chromium is, or null if this machine has none. */
    public static String chromium() {
        String configured = System.getenv("CHROMIUM");
        String path = configured != null ? configured : "/usr/bin/chromium";
        return new File(path).canExecute() ? path : null;
    }

    /** Installs the harness's npm packages once (from its lock file). */
    public static synchronized void installHarness() throws IOException, InterruptedException {
        if (Files.isDirectory(HARNESS.resolve("node_modules/amazon-chime-sdk-js"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HARNESS.toFile())
                .redirectErrorStream(true).redirectOutput(HARNESS.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + HARNESS + "; see npm-ci.log there");
        }
    }

    public static BrowserParticipant start(String name) throws IOException {
        return start(name, null);
    }

    /**
     * @param fakeMicrophone a WAV file Chromium plays as this participant's microphone
     *                       ({@code --use-file-for-fake-audio-capture}), or null for its beep
     */
    public static BrowserParticipant start(String name, Path fakeMicrophone) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "participant.mjs").directory(HARNESS.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(Paths.get("target", "browser-" + name + ".log").toFile()));
        if (fakeMicrophone != null) {
            builder.environment().put("FAKE_AUDIO_FILE", fakeMicrophone.toAbsolutePath().toString());
        }
        Process process = builder.start();
        BrowserParticipant participant = new BrowserParticipant(name, process);
        participant.await(e -> "ready".equals(e.path("event").asText()), "ready", 60);
        return participant;
    }

    public void command(Map<String, Object> command) {
        try {
            commands.write(JSON.writeValueAsBytes(command));
            commands.write('\n');
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is gone", e);
        }
    }

    public JsonNode await(Predicate<JsonNode> wanted, String what, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (System.nanoTime() < deadline) {
                JsonNode event = events.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    seen.add(event);
                    if (wanted.test(event)) {
                        return event;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(name + ": no " + what + " within " + seconds + " s; events: " + seen);
    }

    private void readEvents() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    // participant.mjs writes only JSON to stdout; ignore anything else
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() {
        try {
            command(Map.of("cmd", "quit"));
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (RuntimeException | InterruptedException e) {
            process.destroy();
        }
    }
}
