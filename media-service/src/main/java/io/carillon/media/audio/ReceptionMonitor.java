package io.carillon.media.audio;

/**
 * Receive-side signal strength of one sender over the last second (50 ticks): 2 when under 10 % of the expected
 * frames were missing, 1 with more loss, 0 when nothing was received. Ticks where the sender's stream is idle
 * (not started, or stopped as with DTX) are neither received nor lost.
 */
final class ReceptionMonitor {
    static final int WINDOW = 50;
    private static final byte IDLE = 0;
    private static final byte RECEIVED = 1;
    private static final byte LOST = 2;

    private final byte[] ring = new byte[WINDOW];
    private int pos;
    private int received;
    private int lost;

    void record(int pollOutcome) {
        byte v = switch (pollOutcome) {
            case JitterBuffer.FRAME -> RECEIVED;
            case JitterBuffer.FEC, JitterBuffer.CONCEAL -> LOST;
            default -> IDLE;
        };
        byte old = ring[pos];
        if (old == RECEIVED) {
            received--;
        } else if (old == LOST) {
            lost--;
        }
        ring[pos] = v;
        if (v == RECEIVED) {
            received++;
        } else if (v == LOST) {
            lost++;
        }
        pos = pos + 1 == WINDOW ? 0 : pos + 1;
    }

    int received() {
        return received;
    }

    int signalStrength() {
        if (received == 0) {
            return 0;
        }
        return lost * 10 < received + lost ? 2 : 1;
    }
}
