package io.carillon.media.audio;

/**
 * Per-sender playout buffer of 20 ms Opus frames, indexed by RTP timestamp (48 kHz, 960 samples a frame).
 *
 * <p>Policy (written for this project):
 * <ul>
 *   <li>Frames slot in by timestamp, so reordered packets and RED (RFC 2198) redundant blocks with earlier
 *       timestamps fill gaps; a second copy of a frame already held or already played is a duplicate and dropped.
 *   <li>Bounded: at most {@link #CAPACITY} frames ahead of the playout point, in storage allocated once. A frame up
 *       to one second beyond the window makes room by dropping the oldest frames (a burst); anything further away,
 *       or more than {@link #HISTORY} frames in the past, is ignored unless {@link #RESYNC_AFTER} such frames
 *       arrive in a row, which restarts the stream at the new timestamps (sender restarted or jumped its clock).
 *   <li>Adaptive playout delay: playback starts {@link #INITIAL_DELAY_TICKS} tick after the first frame (1-2 frames
 *       of delay). When the buffer runs dry the playout point waits (one concealed frame) instead of advancing, and a
 *       frame that arrives after its slot was concealed schedules one more wait: the delay grows with the jitter
 *       actually seen, up to {@link #MAX_DELAY_FRAMES} (80 ms). It shrinks fast: frames that stayed queued beyond
 *       two during a whole {@link #SHRINK_WINDOW_TICKS} window (200 ms) are dropped — after a stall (a GC, an
 *       overloaded host) the delay comes back within 200 ms instead of seconds; in-server delay is the target.
 *   <li>Down to no spare frame: when, over a {@link #SLACK_WINDOW_TICKS} window (200 ms), the frame after the one
 *       played had already been waiting at least {@link #SPARE_MARGIN_NANOS} (2 ms) at all but 2 % of the ticks
 *       ({@link #TIGHT_TICKS_PER_100}), one frame is dropped and each frame plays at the first tick after it arrives
 *       plus that margin — a frame waits 2-22 ms instead of 22-42 ms. The spare frame is kept for the 98th
 *       percentile of the arrival jitter, not for its maximum (NetEq, WebRTC's jitter buffer, targets a percentile
 *       too): a rarer late frame is concealed and makes the playout wait one frame, so the delay grows back.
 *       A late frame within {@link #STEADY_AFTER_DROP_TICKS} (5 s) of the drop doubles the next window (up to
 *       12.8 s): a sender whose jitter keeps needing the spare frame pays at most one late frame per window. A drop
 *       that held longer than that made the late frame a rare event (a stall), and the windows start short again,
 *       so the spare frame is back only for the 200 ms after it: a listener hears a rare stall as one concealed
 *       frame, not as seconds of 20 ms more delay. Needs the tick's clock ({@link #poll(long)}); {@link #poll()}
 *       never drops on this rule.
 *   <li>After {@link #IDLE_AFTER_UNDERRUNS} consecutive dry ticks the stream is idle (talk-spurt end, DTX, stopped
 *       sender): nothing is concealed any more and the next frame starts afresh.
 *   <li>A frame missing while later ones are present is lost: if the next frame is held the caller decodes its
 *       in-band FEC ({@link #FEC}), otherwise it conceals ({@link #CONCEAL}).
 * </ul>
 *
 * <p>Not thread-safe: it lives on its meeting's single event loop. Allocation-free after construction.
 */
final class JitterBuffer {
    static final int SAMPLES_PER_FRAME = 960;
    static final int CAPACITY = 12;
    static final int MAX_PACKET = 1275;
    static final int HISTORY = 64;
    static final int INITIAL_DELAY_TICKS = 1;
    static final int MAX_DELAY_FRAMES = 4;
    static final int IDLE_AFTER_UNDERRUNS = 5;
    static final int SHRINK_WINDOW_TICKS = 10;
    static final int SLACK_WINDOW_TICKS = 10;
    static final int MAX_SLACK_BACKOFF = 6;
    /** A spare-frame drop that lasted this long without a late frame proves the sender steady: windows start short again. */
    static final int STEADY_AFTER_DROP_TICKS = 250;
    /** Ticks of a slack window, per 100, that may lack a spare frame (or have one under the margin). */
    static final int TIGHT_TICKS_PER_100 = 2;
    static final long SPARE_MARGIN_NANOS = 2_000_000L;
    /** {@link #poll()}: no clock, so no spare-frame measurement. */
    private static final long NO_CLOCK = Long.MIN_VALUE;
    static final int RESYNC_AFTER = 3;
    static final int BURST_TOLERANCE = 50;

    // offer() results
    static final int STORED = 0;
    static final int DUPLICATE = 1;
    static final int LATE = 2;
    static final int IGNORED = 3;
    static final int RESYNCED = 4;
    static final int INVALID = 5;

    // poll() results
    static final int IDLE = 0;
    static final int FRAME = 1;
    static final int FEC = 2;
    static final int CONCEAL = 3;

    private final byte[][] data = new byte[CAPACITY][MAX_PACKET];
    private final int[] length = new int[CAPACITY];
    private final int[] level = new int[CAPACITY];
    /** When each held frame's datagram arrived (the mixer's clock, ns), for the in-server delay. */
    private final long[] arrival = new long[CAPACITY];

    private boolean active;
    private int holdTicks;
    /** RTP timestamp and frame sequence of the playout point. */
    private int nextTs;
    private long nextSeq;
    private long newestSeq = -1;
    private int underruns;
    /** Bit k set: the frame k+1 frames before the playout point was received (played or dropped as late). */
    private long history;
    private int outOfWindowRun;
    private int pendingWaits;
    private int minDepth = Integer.MAX_VALUE;
    private int windowTicks;
    private long overflowDropped;
    private long shrinkDropped;
    private long spareDropped;
    private long lateAfterSpareDrop;
    /** Ticks of the current slack window at which the frame after the played one was absent or under the margin. */
    private int tightTicks;
    private int slackTicks;
    private int slackBackoff;
    /** A slack window dropped a frame, and no frame has come too late since. */
    private boolean slackShrunk;
    /** Ticks since that drop, while {@link #slackShrunk}. */
    private int ticksSinceSpareDrop;

    // The frame returned by the last poll(): valid until the next offer().
    private byte[] outData;
    private int outLength;
    private int outLevel = 127;
    private long outArrival;

    int offer(int rtpTimestamp, int audioLevel, byte[] payload, int off, int len) {
        return offer(rtpTimestamp, audioLevel, 0L, payload, off, len);
    }

    /** @param arrivalNanos when the frame's datagram arrived, returned by {@link #arrivalNanos()} once polled */
    int offer(int rtpTimestamp, int audioLevel, long arrivalNanos, byte[] payload, int off, int len) {
        if (len <= 0 || len > MAX_PACKET) {
            return INVALID;
        }
        if (!active) {
            restart(rtpTimestamp);
            store(0, audioLevel, arrivalNanos, payload, off, len);
            return STORED;
        }
        int k = Math.floorDiv((rtpTimestamp - nextTs) + SAMPLES_PER_FRAME / 2, SAMPLES_PER_FRAME);
        if (k < 0) {
            int back = -k;
            if (back > HISTORY) {
                return outOfWindow(rtpTimestamp, audioLevel, arrivalNanos, payload, off, len);
            }
            outOfWindowRun = 0;
            long bit = 1L << (back - 1);
            if ((history & bit) != 0) {
                return DUPLICATE;
            }
            history |= bit;
            if (pendingWaits + depth() < MAX_DELAY_FRAMES) {
                pendingWaits++;
            }
            tooLate();
            return LATE;
        }
        if (k >= CAPACITY) {
            if (k >= CAPACITY + BURST_TOLERANCE) {
                return outOfWindow(rtpTimestamp, audioLevel, arrivalNanos, payload, off, len);
            }
            outOfWindowRun = 0;
            int drop = k - CAPACITY + 1;
            for (int i = 0; i < drop; i++) {
                if (discardHead()) {
                    overflowDropped++;
                }
            }
            k = CAPACITY - 1;
        } else {
            outOfWindowRun = 0;
        }
        int slot = slot(nextSeq + k);
        if (length[slot] != 0) {
            return DUPLICATE;
        }
        store(k, audioLevel, arrivalNanos, payload, off, len);
        return STORED;
    }

    /** Advances one tick without a clock: the spare-frame rule never drops (tests of the other rules). */
    int poll() {
        return poll(NO_CLOCK);
    }

    /**
     * Advances one tick. On FRAME or FEC the bytes to decode are {@link #data()}/{@link #length()}.
     *
     * @param nowNanos the tick's time, on the clock of the arrival times given to {@link #offer}
     */
    int poll(long nowNanos) {
        outData = null;
        outLength = 0;
        outLevel = 127;
        outArrival = 0L;
        if (!active) {
            return IDLE;
        }
        if (holdTicks > 0) {
            holdTicks--;
            return IDLE;
        }
        int depth = depth();
        if (depth < minDepth) {
            minDepth = depth;
        }
        if (++windowTicks >= SHRINK_WINDOW_TICKS) {
            // frames that stayed queued the whole window beyond the playout point's two are delay nobody needed
            for (int excess = minDepth - 2; excess > 0 && minDepth != Integer.MAX_VALUE && discardHead(); excess--) {
                shrinkDropped++;
                depth--;
            }
            windowTicks = 0;
            minDepth = Integer.MAX_VALUE;
        }
        if (spareRuleDrops(nowNanos, depth)) {
            shrinkDropped++;
            depth--;
        }
        if (pendingWaits > 0) {
            pendingWaits--;
            return CONCEAL;
        }
        int slot = slot(nextSeq);
        if (length[slot] != 0) {
            outData = data[slot];
            outLength = length[slot];
            outLevel = level[slot];
            outArrival = arrival[slot];
            length[slot] = 0;
            advance(true);
            underruns = 0;
            return FRAME;
        }
        if (depth == 0) {
            if (++underruns > IDLE_AFTER_UNDERRUNS) {
                active = false;
                return IDLE;
            }
            if (underruns == 1) {
                tooLate();
            }
            return CONCEAL;
        }
        underruns = 0;
        advance(false);
        int next = slot(nextSeq);
        if (length[next] != 0) {
            outData = data[next];
            outLength = length[next];
            outLevel = level[next];
            outArrival = arrival[next];
            return FEC;
        }
        return CONCEAL;
    }

    byte[] data() {
        return outData;
    }

    int length() {
        return outLength;
    }

    /** When the polled frame's datagram arrived (for FEC: the carrier of the recovery data); 0 when none. */
    long arrivalNanos() {
        return outArrival;
    }

    /** Audio level of the polled frame (127 when none). */
    int level() {
        return outLevel;
    }

    boolean active() {
        return active;
    }

    /** Frames from the playout point up to the newest held frame (gaps included); 0 when empty. */
    int depth() {
        return newestSeq >= nextSeq ? (int) (newestSeq - nextSeq + 1) : 0;
    }

    /** Frames actually held. */
    int held() {
        int n = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (length[i] != 0) {
                n++;
            }
        }
        return n;
    }

    long overflowDropped() {
        return overflowDropped;
    }

    long shrinkDropped() {
        return shrinkDropped;
    }

    /** Spare frames dropped by the spare-frame rule (counted in {@link #shrinkDropped} too). */
    long spareDropped() {
        return spareDropped;
    }

    /** Frames that came too late after a spare-frame drop (each doubled the next window). */
    long lateAfterSpareDrop() {
        return lateAfterSpareDrop;
    }

    /**
     * The spare-frame rule, once per tick before the playout: true if it dropped the head frame.
     */
    private boolean spareRuleDrops(long nowNanos, int depth) {
        long spare = NO_CLOCK;
        if (nowNanos != NO_CLOCK && pendingWaits == 0 && depth >= 2) {
            int next = slot(nextSeq + 1);
            if (length[next] != 0 && arrival[next] != 0L) {
                spare = nowNanos - arrival[next];
            }
        }
        if (spare < SPARE_MARGIN_NANOS) {
            tightTicks++;
        }
        int window = SLACK_WINDOW_TICKS << slackBackoff;
        if (slackShrunk && ticksSinceSpareDrop < STEADY_AFTER_DROP_TICKS) {
            ticksSinceSpareDrop++;
        }
        if (++slackTicks < window) {
            return false;
        }
        boolean drop = tightTicks <= window * TIGHT_TICKS_PER_100 / 100 && depth >= 2 && discardHead();
        if (drop) {
            spareDropped++;
            slackShrunk = true;
            ticksSinceSpareDrop = 0;
        }
        slackTicks = 0;
        tightTicks = 0;
        return drop;
    }

    /**
     * A frame missed its tick. After a spare-frame drop that is the drop's fault: the next window starts now and
     * is twice as long. Otherwise the tick already counted as one without a spare frame.
     */
    private void tooLate() {
        if (!slackShrunk) {
            return;
        }
        lateAfterSpareDrop++;
        if (ticksSinceSpareDrop >= STEADY_AFTER_DROP_TICKS) {
            slackBackoff = 0;
        } else if (slackBackoff < MAX_SLACK_BACKOFF) {
            slackBackoff++;
        }
        slackShrunk = false;
        slackTicks = 0;
        tightTicks = 0;
    }

    private int outOfWindow(int rtpTimestamp, int audioLevel, long arrivalNanos, byte[] payload, int off, int len) {
        if (++outOfWindowRun < RESYNC_AFTER) {
            return IGNORED;
        }
        restart(rtpTimestamp);
        store(0, audioLevel, arrivalNanos, payload, off, len);
        return RESYNCED;
    }

    private void restart(int rtpTimestamp) {
        for (int i = 0; i < CAPACITY; i++) {
            length[i] = 0;
        }
        active = true;
        holdTicks = INITIAL_DELAY_TICKS;
        nextTs = rtpTimestamp;
        nextSeq = 0;
        newestSeq = -1;
        underruns = 0;
        history = 0;
        outOfWindowRun = 0;
        pendingWaits = 0;
        minDepth = Integer.MAX_VALUE;
        windowTicks = 0;
        slackTicks = 0;
        tightTicks = 0;
        slackShrunk = false;
    }

    private void store(int k, int audioLevel, long arrivalNanos, byte[] payload, int off, int len) {
        int slot = slot(nextSeq + k);
        System.arraycopy(payload, off, data[slot], 0, len);
        length[slot] = len;
        level[slot] = audioLevel;
        arrival[slot] = arrivalNanos;
        if (nextSeq + k > newestSeq) {
            newestSeq = nextSeq + k;
        }
    }

    /** Drops the frame at the playout point (if any) and advances; true if a frame was dropped. */
    private boolean discardHead() {
        int slot = slot(nextSeq);
        boolean had = length[slot] != 0;
        length[slot] = 0;
        advance(had);
        return had;
    }

    private void advance(boolean received) {
        history = (history << 1) | (received ? 1L : 0L);
        nextSeq++;
        nextTs += SAMPLES_PER_FRAME;
    }

    private static int slot(long seq) {
        return (int) (seq % CAPACITY);
    }
}
