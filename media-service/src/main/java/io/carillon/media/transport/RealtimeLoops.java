package io.carillon.media.transport;

import io.carillon.media.scheduling.RealtimeScheduling;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The media port's event loops in Linux's real-time class ({@code carillon.media.realtime-priority}), each loop
 * moving itself: a thread can only be moved by its own call. See {@link RealtimeScheduling} for what it needs
 * and why a co-located deployment wants it.
 */
public final class RealtimeLoops {

    private RealtimeLoops() {
    }

    /** What happened on each loop, in order, for the start-up log. */
    public record Result(int raised, int loops, List<String> refusals) {
        public boolean all() {
            return raised == loops;
        }
    }

    public static Result apply(EventExecutorGroup loops, int priority) throws InterruptedException {
        int raised = 0;
        int count = 0;
        List<String> refusals = new ArrayList<>();
        for (EventExecutor loop : loops) {
            count++;
            try {
                RealtimeScheduling.Outcome outcome = loop.submit(() -> RealtimeScheduling.raiseCurrentThread(priority))
                        .get(5, TimeUnit.SECONDS);
                if (outcome.applied()) {
                    raised++;
                } else if (!refusals.contains(outcome.detail())) {
                    refusals.add(outcome.detail());
                }
            } catch (ExecutionException | TimeoutException e) {
                refusals.add("loop did not answer: " + e);
            }
        }
        return new Result(raised, count, refusals);
    }
}
