package io.carillon.media.ice;

import static io.carillon.media.ice.StunConstants.*;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Static STUN helpers: demultiplexing, session lookup by USERNAME, and the client side of a Binding
 * transaction (for a controlling test client). None of these throws on bad input.
 *
 * <p>{@link #isStun} and {@link #localUfrag} allocate nothing but the returned String and are
 * safe from any thread. The client-side methods allocate a Mac per call: they are not for the
 * server's hot path.
 */
public final class Stun {
    private Stun() {}

    /**
     * RFC 7983 §7: first byte 0..3 means STUN; plus the RFC 8489 §5 magic cookie, a length field that
     * is a multiple of 4 and equal to the datagram length minus the 20-byte header.
     */
    public static boolean isStun(byte[] b, int off, int len) {
        return StunMessage.looksLikeStun(b, off, len);
    }

    /**
     * Our ufrag from the USERNAME "ourUfrag:theirUfrag" of a Binding request (RFC 8445 §7.2.2), or
     * null (not a Binding request, no USERNAME, no colon, malformed). Integrity is not checked here:
     * this only finds the session whose agent then checks it.
     */
    public static String localUfrag(byte[] b, int off, int len) {
        if (!isStun(b, off, len) || u16(b, off) != BINDING_REQUEST) {
            return null;
        }
        int attr = findAttribute(b, off, len, ATTR_USERNAME);
        if (attr < 0) {
            return null;
        }
        int v = attr + 4;
        int n = u16(b, attr + 2);
        for (int i = 0; i < n; i++) {
            if (b[v + i] == ':') {
                return i == 0 ? null : new String(b, v, i, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Offset of the first attribute of {@code type} in the message (its header), or -1 when absent or
     * the message is malformed. Bounded: each length is checked against the message end.
     */
    static int findAttribute(byte[] b, int off, int len, int type) {
        int end = off + len;
        int p = off + HEADER;
        while (end - p >= 4) {
            int at = u16(b, p);
            int padded = (u16(b, p + 2) + 3) & ~3;
            if (padded > end - p - 4) {
                return -1;
            }
            if (at == type) {
                return p;
            }
            p += 4 + padded;
        }
        return -1;
    }

    /**
     * Writes a Binding request as an ICE controlling agent (RFC 8445 §7.2.2): USERNAME (pass
     * "theirUfrag:ourUfrag"), PRIORITY, USE-CANDIDATE if asked, ICE-CONTROLLING with the
     * tie-breaker, MESSAGE-INTEGRITY keyed with the remote password, FINGERPRINT.
     *
     * @return the message length, or -1 when the arguments are unusable or {@code out} is too small
     */
    public static int writeBindingRequest(byte[] out, int off, byte[] transactionId, String username,
            String remotePwd, int priority, boolean useCandidate, long tieBreaker) {
        if (out == null || transactionId == null || transactionId.length != TRANSACTION_ID_LENGTH
                || username == null || remotePwd == null || off < 0) {
            return -1;
        }
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        if (user.length == 0 || user.length > MAX_USERNAME) {
            return -1;
        }
        int size = HEADER + 4 + ((user.length + 3) & ~3) + 8 + (useCandidate ? 4 : 0) + 12
                + MI_ATTR_SIZE + FINGERPRINT_ATTR_SIZE;
        if (off > out.length - size) {
            return -1;
        }
        int p = StunWriter.header(out, off, BINDING_REQUEST, transactionId, 0);
        p = StunWriter.attribute(out, p, ATTR_USERNAME, user, 0, user.length);
        p = StunWriter.attribute32(out, p, ATTR_PRIORITY, priority);
        if (useCandidate) {
            p = StunWriter.emptyAttribute(out, p, ATTR_USE_CANDIDATE);
        }
        p = StunWriter.attribute64(out, p, ATTR_ICE_CONTROLLING, tieBreaker);
        StunIntegrity integrity = new StunIntegrity(remotePwd);
        p = integrity.append(out, off, p);
        p = integrity.appendFingerprint(out, off, p);
        return p - off;
    }

    /**
     * The XOR-MAPPED-ADDRESS of a Binding success response to our transaction, or null if the
     * message is not that, lacks FINGERPRINT or MESSAGE-INTEGRITY, or either fails to verify
     * with {@code remotePwd} (RFC 8445 §7.2.5.2, RFC 8489 §9.1.4).
     */
    public static InetSocketAddress parseBindingSuccess(byte[] b, int off, int len,
            byte[] expectedTransactionId, String remotePwd) {
        StunMessage m = new StunMessage();
        if (expectedTransactionId == null || expectedTransactionId.length != TRANSACTION_ID_LENGTH
                || remotePwd == null || !m.parse(b, off, len) || m.type != BINDING_SUCCESS
                || !sameTransaction(b, off, expectedTransactionId)
                || m.messageIntegrity < 0 || m.fingerprint < 0 || m.xorMappedAddress < 0) {
            return null;
        }
        StunIntegrity integrity = new StunIntegrity(remotePwd);
        if (!integrity.verifyFingerprint(b, off, m.fingerprint) || !integrity.verify(b, off, m.messageIntegrity)) {
            return null;
        }
        return XorAddress.read(b, off, m.xorMappedAddress);
    }

    /**
     * The ERROR-CODE (e.g. 400, 401, 420, 487) of a Binding error response to our transaction, or -1.
     * Integrity is not checked (401 and 400 responses carry none, RFC 8489 §9.1.3).
     */
    public static int parseBindingErrorCode(byte[] b, int off, int len, byte[] expectedTransactionId) {
        StunMessage m = new StunMessage();
        if (expectedTransactionId == null || expectedTransactionId.length != TRANSACTION_ID_LENGTH
                || !m.parse(b, off, len) || m.type != BINDING_ERROR
                || !sameTransaction(b, off, expectedTransactionId) || m.errorCode < 0) {
            return -1;
        }
        int v = m.errorCode + 4;
        return (b[v + 2] & 0x07) * 100 + (b[v + 3] & 0xFF);
    }

    static boolean sameTransaction(byte[] b, int off, byte[] tid) {
        for (int i = 0; i < TRANSACTION_ID_LENGTH; i++) {
            if (b[off + 8 + i] != tid[i]) {
                return false;
            }
        }
        return true;
    }
}
