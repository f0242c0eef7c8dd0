package io.carillon.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.media.transport.MediaLoops;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code carillon.media.realtime-priority}: a media instance started with it runs its media loops, and only them, in
 * the real-time class where the host allows it (root or CAP_SYS_NICE), says so at start-up, and publishes how long
 * its loops ran and waited for a CPU. Where the host refuses, it says why and runs as before.
 */
class RealtimeLoopsIT {

    private static final int SCHED_FIFO = 1;

    @Test
    void theEventLoopsRunRealTimeAndTheirCpuTimesArePublished() throws Exception {
        ServiceProcess media = ServiceProcess.start("media-service", Map.of("kafka.bootstrap.servers",
                KafkaBroker.shared().bootstrapServers(), "carillon.media.udp-port", "0", "carillon.media.warm-up", "false",
                "carillon.media.realtime-priority", "1"));
        try {
            String log = Files.readString(media.logFile());
            Map<String, Integer> policies = policies(media.pid());
            Map<String, Integer> loops = new LinkedHashMap<>();
            policies.forEach((thread, policy) -> {
                if (thread.startsWith(MediaLoops.THREAD_NAME_PREFIX)) {
                    loops.put(thread, policy);
                }
            });
            assertThat(loops).as("event loop threads of pid %d", media.pid()).isNotEmpty();
            if (log.contains("media event loops run in the real-time class: SCHED_FIFO priority 1")) {
                assertThat(loops.values()).as("every event loop").allMatch(policy -> policy == SCHED_FIFO);
                policies.forEach((thread, policy) -> {
                    if (!thread.startsWith(MediaLoops.THREAD_NAME_PREFIX)) {
                        assertThat(policy).as("thread %s stays ordinary", thread).isNotEqualTo(SCHED_FIFO);
                    }
                });
            } else {
                // refused (no CAP_SYS_NICE, or a runtime without real-time threads): said, and nothing moved
                assertThat(log).contains("carillon.media.realtime-priority=1: 0 of");
                assertThat(loops.values()).allMatch(policy -> policy != SCHED_FIFO);
            }

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(media.url() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metric(metrics, "carillon_media_loops_cpu_seconds_total{state=\"running\"}")).isGreaterThan(0);
            assertThat(metric(metrics, "carillon_media_loops_cpu_seconds_total{state=\"waiting\"}")).isGreaterThanOrEqualTo(0);
        } finally {
            media.stop();
        }
    }

    /** Thread name to scheduling policy (field 41 of /proc/[pid]/task/[tid]/stat). */
    private static Map<String, Integer> policies(long pid) throws IOException {
        Map<String, Integer> policies = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    policies.put(Files.readString(task.resolve("comm")).trim() + "#" + task.getFileName(),
                            Integer.parseInt(fields[41 - 3]));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return policies;
    }

    private static double metric(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(
                line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }
}
