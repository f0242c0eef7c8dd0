package io.carillon.media.session;

/**
 * A token bucket for the datagrams that cost a session CPU before they are known to be good: STUN
 * checks (an HMAC each) and DTLS records (a handshake). A browser sends a few per second; a flood
 * beyond the budget is dropped before any work, so it cannot starve the meeting's loop.
 */
final class PacketBudget {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    PacketBudget(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    boolean take(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
