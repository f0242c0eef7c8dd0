package io.carillon.media.rtp;

/**
 * Reception statistics of one remote SSRC for RTCP report blocks (RFC 3550): sequence number
 * validation and the extended highest sequence number (Appendix A.1), cumulative and fractional
 * loss (A.3), interarrival jitter (A.8), and LSR/DLSR from the last Sender Report (§6.4.1).
 *
 * <p>Times are in nanoseconds from one monotonic clock (e.g. {@code System.nanoTime()}).
 * Not thread-safe; one event loop owns the instance. No allocation.
 */
public final class ReceiveStatistics {
    /** RFC 3550 A.1 constants. */
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    static final int MIN_SEQUENTIAL = 2;
    static final int RTP_SEQ_MOD = 1 << 16;

    private final int ssrc;
    private final int clockRate;

    // A.1 source state
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private boolean started;

    // A.8 jitter, kept scaled by 16 as in the RFC's integer form
    private int lastTransit;
    private boolean haveTransit;
    private int jitterQ4;
    private long arrivalBaseNanos;

    // last SR received (§6.4.1 LSR/DLSR)
    private int lastSrNtpMiddle;
    private long lastSrArrivalNanos;
    private boolean haveSr;

    /** @param clockRate RTP timestamp rate of the stream, 48000 for Opus */
    public ReceiveStatistics(int ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive");
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    public int ssrc() {
        return ssrc;
    }

    /**
     * Records one received (authenticated) RTP packet. Returns true if the sequence number is
     * valid per A.1 and the packet was counted; false while the source is on probation or after
     * a large jump (the caller may still play it; this only drives statistics).
     */
    public boolean onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            initSequence(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = MIN_SEQUENTIAL;
            arrivalBaseNanos = arrivalNanos;
        }
        if (!updateSequence(seq)) {
            return false;
        }
        updateJitter(rtpTimestamp, arrivalNanos);
        return true;
    }

    /** Records a Sender Report from this SSRC: the NTP middle 32 bits and its arrival time. */
    public void onSenderReport(int ntpMiddle32, long arrivalNanos) {
        lastSrNtpMiddle = ntpMiddle32;
        lastSrArrivalNanos = arrivalNanos;
        haveSr = true;
    }

    /** A.1 update_seq. */
    private boolean updateSequence(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) { // packets must be in sequence
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSequence(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) { // in order, with permissible gap: wrapped
                cycles += RTP_SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) { // two sequential packets: the source restarted
                initSequence(seq);
            } else {
                badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
                return false;
            }
        }
        // else duplicate or reordered packet: counted, max unchanged
        received++;
        return true;
    }

    /** A.1 init_seq. */
    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** A.8: J += (|D| - J) / 16 with transit = arrival (in RTP units) - RTP timestamp. */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        long micros = (arrivalNanos - arrivalBaseNanos) / 1000;
        long arrival = micros * clockRate / 1_000_000;
        int transit = (int) arrival - (int) rtpTimestamp; // modulo 2^32 like the RFC's u_int32
        if (haveTransit) {
            int d = transit - lastTransit;
            if (d < 0) {
                d = -d;
            }
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** Extended highest sequence number received (A.1: cycles + max_seq). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets expected since the base sequence (A.3). */
    public long expected() {
        return started && probation == 0 ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    public long received() {
        return received;
    }

    /** Cumulative packets lost, clamped to the signed 24-bit field (A.3). */
    public int cumulativeLost() {
        long lost = expected() - received;
        if (lost > 0x7FFFFF) {
            return 0x7FFFFF;
        }
        if (lost < -0x800000) {
            return -0x800000;
        }
        return (int) lost;
    }

    /** Interarrival jitter in RTP timestamp units (A.8: J >> 4 of the scaled value). */
    public long jitter() {
        return (jitterQ4 >>> 4) & 0xFFFF_FFFFL;
    }

    /**
     * Writes one report block (RFC 3550 §6.4.1) at {@code off}, closing the reporting interval for
     * the fraction lost (A.3). Returns 24.
     */
    public int writeReportBlock(byte[] b, int off, long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = (expectedInterval == 0 || lostInterval <= 0)
            ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        int lost = cumulativeLost();

        RtcpWriter.putInt(b, off, ssrc);
        b[off + 4] = (byte) Math.min(fraction, 255);
        b[off + 5] = (byte) (lost >> 16);
        b[off + 6] = (byte) (lost >> 8);
        b[off + 7] = (byte) lost;
        RtcpWriter.putInt(b, off + 8, (int) extendedHighestSequence());
        RtcpWriter.putInt(b, off + 12, (int) jitter());
        RtcpWriter.putInt(b, off + 16, haveSr ? lastSrNtpMiddle : 0);
        RtcpWriter.putInt(b, off + 20, haveSr ? (int) delaySinceLastSr(nowNanos) : 0);
        return RtcpPackets.REPORT_BLOCK_LENGTH;
    }

    /** DLSR: delay since the last SR in units of 1/65536 s (§6.4.1), 0 if none. */
    public long delaySinceLastSr(long nowNanos) {
        if (!haveSr) {
            return 0;
        }
        long delta = Math.max(0, nowNanos - lastSrArrivalNanos);
        long units = (delta / 1000) * 65536 / 1_000_000;
        return Math.min(units, 0xFFFF_FFFFL);
    }

    /** LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none. */
    public int lastSenderReport() {
        return haveSr ? lastSrNtpMiddle : 0;
    }
}
