package io.carillon.media.scheduling;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the kernel's scheduler treated a process's threads of one name: nanoseconds on a CPU, and nanoseconds
 * runnable but waiting for one (/proc/[pid]/task/[tid]/schedstat, Linux). The waiting time is what the host's other
 * load added to the media path; a mixer tick that starts late waited here. Zeros where /proc has no such file.
 *
 * <p>Threads are matched by the name the kernel holds (at most 15 characters: Vert.x's event loops are
 * {@code vert.x-eventloo}). A thread that has ended no longer counts, so use it for long-lived threads.
 */
public final class ThreadCpuTimes {

    private ThreadCpuTimes() {
    }

    /** Summed over the threads whose name starts with {@code namePrefix}. */
    public record Times(long runNanos, long waitNanos, int threads) {
    }

    /** This process's threads whose name starts with {@code namePrefix}. */
    public static Times of(String namePrefix) {
        return of("self", namePrefix);
    }

    /** Those of process {@code pid} ("self" for this one); zeros (no threads) where /proc cannot be read. */
    public static Times of(String pid, String namePrefix) {
        long run = 0;
        long wait = 0;
        int threads = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith(namePrefix)) {
                        continue;
                    }
                    String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    run += Long.parseLong(fields[0]);
                    wait += Long.parseLong(fields[1]);
                    threads++;
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked, or the kernel keeps no schedstat: skip it
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Times(0, 0, 0);
        }
        return new Times(run, wait, threads);
    }
}
