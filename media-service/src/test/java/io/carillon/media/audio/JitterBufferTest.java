package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private final JitterBuffer jb = new JitterBuffer();

    private static byte[] frame(int n) {
        return new byte[] {(byte) 0x78, (byte) n, 1};
    }

    private int offer(int ts, int n) {
        byte[] f = frame(n);
        return jb.offer(ts, 30, f, 0, f.length);
    }

    private int polledId() {
        return jb.data()[1];
    }

    @Test
    void reordersByTimestampAndDropsDuplicates() {
        int base = -960 * 3; // crosses the 32-bit wrap
        assertThat(offer(base, 0)).isEqualTo(JitterBuffer.STORED);
        assertThat(offer(base + 2 * 960, 2)).isEqualTo(JitterBuffer.STORED);
        assertThat(offer(base + 960, 1)).isEqualTo(JitterBuffer.STORED);
        assertThat(offer(base + 960, 1)).isEqualTo(JitterBuffer.DUPLICATE);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.IDLE); // initial playout delay
        for (int i = 0; i < 3; i++) {
            assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
            assertThat(polledId()).isEqualTo(i);
            assertThat(jb.level()).isEqualTo(30);
        }
        assertThat(offer(base, 0)).isEqualTo(JitterBuffer.DUPLICATE); // already played (RED copy)
        assertThat(offer(base + 3 * 960, 3)).isEqualTo(JitterBuffer.STORED);
        assertThat(offer(base + 5 * 960, 5)).isEqualTo(JitterBuffer.STORED);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        // frame 4 missing, 5 present: decode 4 from 5's in-band FEC
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FEC);
        assertThat(polledId()).isEqualTo(5);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        assertThat(polledId()).isEqualTo(5);
    }

    @Test
    void lossWithoutNextFrameConcealsAndLateFrameIsDropped() {
        offer(0, 0);
        offer(960, 1);
        offer(3 * 960, 3);
        offer(4 * 960, 4);
        jb.poll();
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FEC); // 2 from 3
        // a RED copy of 2 arrives now: too late
        assertThat(offer(2 * 960, 2)).isEqualTo(JitterBuffer.LATE);
        assertThat(offer(2 * 960, 2)).isEqualTo(JitterBuffer.DUPLICATE);
        // the late arrival makes the buffer wait one frame (delay grows)
        assertThat(jb.poll()).isEqualTo(JitterBuffer.CONCEAL);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        assertThat(polledId()).isEqualTo(3);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        // gap of two frames with 7 present: 5 concealed (6 absent), 6 from 7's FEC
        offer(7 * 960, 7);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.CONCEAL);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FEC);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
    }

    @Test
    void underrunWaitsThenGoesIdleAndRestarts() {
        offer(0, 0);
        jb.poll();
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        for (int i = 0; i < JitterBuffer.IDLE_AFTER_UNDERRUNS; i++) {
            assertThat(jb.poll()).isEqualTo(JitterBuffer.CONCEAL);
        }
        assertThat(jb.poll()).isEqualTo(JitterBuffer.IDLE);
        assertThat(jb.active()).isFalse();
        assertThat(offer(500_000, 9)).isEqualTo(JitterBuffer.STORED);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.IDLE);
        assertThat(jb.poll()).isEqualTo(JitterBuffer.FRAME);
        assertThat(polledId()).isEqualTo(9);
    }

    @Test
    void excessDelayLeftByABurstShrinksWithinAWindow() {
        // a burst leaves 4 frames queued; steady arrival afterwards keeps it there unless it shrinks
        int ts = 0;
        for (int i = 0; i < 4; i++) {
            offer(ts, i);
            ts += 960;
        }
        int startDepth = -1;
        for (int t = 0; t < 3 * JitterBuffer.SHRINK_WINDOW_TICKS; t++) {
            jb.poll();
            if (t == 5) {
                startDepth = jb.depth();
            }
            offer(ts, 0);
            ts += 960;
        }
        assertThat(jb.shrinkDropped()).isBetween(1L, 4L);
        assertThat(jb.depth()).isLessThan(startDepth).isLessThanOrEqualTo(2);
    }

    /** Ticks every 20 ms at t = 20k ms; frame n arrives at 20n + phase ms (phase in ms after the tick). */
    private static final long MS = 1_000_000L;

    private long waitOfSteadySender(JitterBuffer buffer, int ticks, double phaseMs, int lateEvery) {
        return playSteadySender(buffer, ticks, phaseMs, lateEvery).lastWait();
    }

    /** How a steady sender's frames played: the last one's wait, and how many waited a whole tick or more (a spare frame). */
    private record Playout(long lastWait, int played, int withSpare) {
        double withSpareShare() {
            return (double) withSpare / played;
        }
    }

    private Playout playSteadySender(JitterBuffer buffer, int ticks, double phaseMs, int lateEvery) {
        long lastWait = -1;
        int played = 0;
        int withSpare = 0;
        int next = 0;
        for (int t = 1; t <= ticks; t++) {
            long tickAt = t * 20 * MS;
            // frames that arrived since the previous tick; a late one holds back those behind it (a stall)
            while (true) {
                boolean late = lateEvery > 0 && next > 0 && next % lateEvery == 0;
                long arrives = (long) ((next * 20 + phaseMs) * MS) + (late ? 20 * MS : 0);
                if (arrives > tickAt) {
                    break;
                }
                byte[] f = frame(next);
                buffer.offer(next * 960, 30, arrives, f, 0, f.length);
                next++;
            }
            int outcome = buffer.poll(tickAt);
            if (outcome == JitterBuffer.FRAME) {
                lastWait = tickAt - buffer.arrivalNanos();
                played++;
                if (lastWait >= 20 * MS) {
                    withSpare++;
                }
            }
        }
        return new Playout(lastWait, played, withSpare);
    }

    @Test
    void aSteadySenderEndsUpWithoutASpareFrame() {
        // arrives 6 ms after a tick: plays at the next one (14 ms later), not one tick after that (34 ms)
        JitterBuffer buffer = new JitterBuffer();
        assertThat(waitOfSteadySender(buffer, JitterBuffer.SLACK_WINDOW_TICKS / 2, 6, 0)).isEqualTo(34 * MS);
        assertThat(waitOfSteadySender(new JitterBuffer(), 3 * JitterBuffer.SLACK_WINDOW_TICKS, 6, 0)).isEqualTo(14 * MS);
    }

    @Test
    void aFrameArrivingWithinTheMarginOfItsTickKeepsTheSpare() {
        // arrives 1 ms before a tick: too close to play without a spare frame
        assertThat(waitOfSteadySender(new JitterBuffer(), 5 * JitterBuffer.SLACK_WINDOW_TICKS, 19, 0)).isEqualTo(21 * MS);
    }

    @Test
    void aRareLateFrameCostsTheSpareOnlyBriefly() {
        // one frame in 500 (every 10 s) is 20 ms late: it is concealed, the spare frame comes back, and after
        // a short window it goes again, because the last drop had held for seconds
        JitterBuffer buffer = new JitterBuffer();
        Playout playout = playSteadySender(buffer, 4000, 6, 500); // 80 s
        assertThat(buffer.lateAfterSpareDrop()).as("each late frame").isBetween(6L, 8L);
        assertThat(playout.withSpareShare()).as("frames played with a spare frame's delay").isLessThan(0.03);
    }

    @Test
    void aSenderLateAgainAndAgainKeepsItsSpareFrame() {
        // one frame in 100 (every 2 s) is late: each late frame soon after a drop doubles the next window (up to
        // 12.8 s), so most late frames find the spare frame there and are not concealed
        JitterBuffer buffer = new JitterBuffer();
        Playout playout = playSteadySender(buffer, 4000, 6, 100); // 80 s, 40 late frames
        assertThat(buffer.lateAfterSpareDrop()).as("late frames that found no spare frame, of 40").isLessThanOrEqualTo(12L);
        assertThat(playout.withSpareShare()).isGreaterThan(0.8);
    }

    @Test
    void staysBoundedUnderAFloodOfWildTimestampsAndRecovers() {
        Random r = new Random(42);
        offer(0, 0);
        for (int i = 0; i < 100_000; i++) {
            int ts = switch (i % 3) {
                case 0 -> r.nextInt();
                case 1 -> r.nextInt(40) * 960;
                default -> r.nextInt(100_000);
            };
            jb.offer(ts, r.nextInt(200) - 1, frame(1), 0, 3);
            if (i % 7 == 0) {
                jb.poll();
            }
            assertThat(jb.held()).isLessThanOrEqualTo(JitterBuffer.CAPACITY);
            assertThat(jb.depth()).isLessThanOrEqualTo(JitterBuffer.CAPACITY);
        }
        // garbage too large or empty is refused
        assertThat(jb.offer(0, 0, new byte[2000], 0, 2000)).isEqualTo(JitterBuffer.INVALID);
        assertThat(jb.offer(0, 0, new byte[2], 0, 0)).isEqualTo(JitterBuffer.INVALID);
        // a sane stream at new timestamps takes over (resync) and plays in order
        int ts = 1_000_000_000;
        int played = 0;
        for (int i = 0; i < 40; i++) {
            offer(ts, i);
            ts += 960;
            if (jb.poll() == JitterBuffer.FRAME) {
                played++;
            }
        }
        assertThat(played).isGreaterThan(30);
    }
}
