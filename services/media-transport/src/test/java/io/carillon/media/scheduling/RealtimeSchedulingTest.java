package io.carillon.media.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RealtimeSchedulingTest {

    @Test
    void aThreadIsRaisedWhenPermittedAndToldWhyNotOtherwise() throws Exception {
        // on a thread of its own: the test runner's threads must stay ordinary
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                RealtimeScheduling.Outcome outcome = RealtimeScheduling.raiseCurrentThread(1);
                boolean realtime = RealtimeScheduling.currentThreadIsRealtime();
                AtomicBoolean childRealtime = new AtomicBoolean(true);
                Thread child = new Thread(() -> childRealtime.set(RealtimeScheduling.currentThreadIsRealtime()));
                child.start();
                child.join();
                RealtimeScheduling.Outcome lowered = RealtimeScheduling.lowerCurrentThread();
                result.complete(outcome.applied() + "|" + outcome.detail() + "|" + realtime + "|" + childRealtime.get() + "|"
                        + lowered.applied() + "|" + RealtimeScheduling.currentThreadIsRealtime());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "realtime-test");
        thread.start();
        String[] r = result.get(10, TimeUnit.SECONDS).split("\\|");
        if (Boolean.parseBoolean(r[0])) {
            assertThat(r[1]).isEqualTo("SCHED_FIFO priority 1");
            assertThat(r[2]).as("the thread reads back SCHED_FIFO").isEqualTo("true");
            assertThat(r[3]).as("a thread it starts is ordinary (SCHED_RESET_ON_FORK)").isEqualTo("false");
            assertThat(r[4]).isEqualTo("true");
            assertThat(r[5]).as("lowered again").isEqualTo("false");
        } else {
            // an unprivileged run: a clear reason, and the thread is untouched
            assertThat(r[1]).containsAnyOf("not permitted", "not Linux", "libc", "refused", "errno");
            assertThat(r[2]).isEqualTo("false");
        }
    }

    @Test
    void aPriorityOutsideOneToNinetyNineIsAProgrammingError() {
        assertThatThrownBy(() -> RealtimeScheduling.raiseCurrentThread(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RealtimeScheduling.raiseCurrentThread(100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBusyThreadsCpuTimeIsCountedUnderItsName() throws Exception {
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 50_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-times-probe");
        busy.start();
        Thread.sleep(300);
        ThreadCpuTimes.Times times = ThreadCpuTimes.of("cpu-times-probe");
        busy.interrupt();
        busy.join();
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(times.threads()).isEqualTo(1);
            assertThat(times.runNanos()).isGreaterThan(10_000_000L);
            assertThat(times.waitNanos()).isGreaterThanOrEqualTo(0);
        }
        assertThat(ThreadCpuTimes.of("no-such-thread-name").threads()).isZero();
    }
}
