package io.carillon.media.scheduling;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Moves the calling thread into Linux's real-time scheduling class (SCHED_FIFO), for the threads that run the media
 * path. On a host shared with other busy processes, an ordinary thread that wakes up for a 20 ms mixer tick or a
 * datagram waits its turn behind them; measured on the 2-vCPU development VM under the 250-attendee load, media-service's
 * event loops were runnable but waiting for a CPU for longer than they ran (docs/benchmarks.md). A SCHED_FIFO thread
 * runs as soon as it wakes.
 *
 * <p>Java has no API for this, so it is one libc call through JNA. The policy carries {@code SCHED_RESET_ON_FORK}: a
 * thread that a real-time loop starts is an ordinary thread. Moving a thread into the real-time class needs
 * {@code CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO} (ulimit -r) of at least the priority; without it the call answers
 * "not permitted" and the thread stays as it was. The kernel keeps 5 % of every second for ordinary threads
 * ({@code sched_rt_runtime_us}), so busy real-time loops slow the rest of the host but cannot lock it up.
 */
public final class RealtimeScheduling {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    private static final int EPERM = 1;
    private static final int EINVAL = 22;

    /** What became of a request: whether the thread is real-time now, and why not if it is not. */
    public record Outcome(boolean applied, String detail) {
    }

    /** The two libc functions used (the thread's own policy: pid 0 is the calling thread). */
    interface LibC extends Library {
        int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;

        int sched_getscheduler(int pid) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC;
        static final String UNAVAILABLE;

        static {
            LibC libc = null;
            String why = null;
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                why = "not Linux";
            } else {
                try {
                    libc = Native.load("c", LibC.class);
                } catch (LinkageError | RuntimeException e) {
                    why = "libc not loadable through JNA: " + e.getMessage();
                }
            }
            LIBC = libc;
            UNAVAILABLE = why;
        }
    }

    private RealtimeScheduling() {
    }

    /**
     * Puts the calling thread into SCHED_FIFO at this priority (1-99; 1 is enough to run ahead of every ordinary
     * thread). Never throws for a refusal: the outcome says what happened.
     */
    public static Outcome raiseCurrentThread(int priority) {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("real-time priority must be 1-99, not " + priority);
        }
        if (Holder.LIBC == null) {
            return new Outcome(false, Holder.UNAVAILABLE);
        }
        try {
            Holder.LIBC.sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, new int[] {priority});
            return new Outcome(true, "SCHED_FIFO priority " + priority);
        } catch (LastErrorException e) {
            return new Outcome(false, switch (e.getErrorCode()) {
                case EPERM -> "not permitted: needs CAP_SYS_NICE or an rtprio limit (ulimit -r) of at least " + priority;
                case EINVAL -> "priority " + priority + " refused by the kernel (EINVAL)";
                default -> "sched_setscheduler failed with errno " + e.getErrorCode();
            });
        }
    }

    /** Puts the calling thread back into the ordinary class (SCHED_OTHER). Always allowed. */
    public static Outcome lowerCurrentThread() {
        if (Holder.LIBC == null) {
            return new Outcome(false, Holder.UNAVAILABLE);
        }
        try {
            Holder.LIBC.sched_setscheduler(0, SCHED_OTHER, new int[] {0});
            return new Outcome(true, "SCHED_OTHER");
        } catch (LastErrorException e) {
            return new Outcome(false, "sched_setscheduler failed with errno " + e.getErrorCode());
        }
    }

    /** Whether the calling thread runs in SCHED_FIFO; false where that cannot be known. */
    public static boolean currentThreadIsRealtime() {
        if (Holder.LIBC == null) {
            return false;
        }
        try {
            return (Holder.LIBC.sched_getscheduler(0) & ~SCHED_RESET_ON_FORK) == SCHED_FIFO;
        } catch (LastErrorException e) {
            return false;
        }
    }
}
