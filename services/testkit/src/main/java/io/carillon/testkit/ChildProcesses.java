package io.carillon.testkit;

import java.util.concurrent.TimeUnit;

/** Stopping the child processes the test kit starts, the way an operator would. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGTERM, up to 30 s for a graceful exit, then SIGKILL. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
