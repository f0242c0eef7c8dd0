package io.carillon.media.ice;

import static io.carillon.media.ice.StunConstants.*;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ICE-lite side (RFC 8445 §2.5) of one media session: always controlled, never sends checks,
 * answers the controlling peer's Binding requests (§7.3) and takes its nomination (USE-CANDIDATE,
 * §7.3.1.5). Consent (RFC 7675 §5.1) lapses 30 s after the last valid request on the selected pair.
 *
 * <p>Request handling, in order:
 * <ol>
 *   <li>not a well-formed Binding request, or FINGERPRINT missing or wrong (RFC 8445 §7.3, RFC 7983):
 *       dropped;</li>
 *   <li>USERNAME or MESSAGE-INTEGRITY missing: 400 (RFC 8489 §9.1.3), without MESSAGE-INTEGRITY;</li>
 *   <li>USERNAME not "localUfrag:remoteUfrag" or integrity failing: dropped silently. RFC 8489
 *       §9.1.3 would answer 401; an unauthenticated error is a reflection vector and tells
 *       the browser nothing it can act on, so this agent stays quiet (documented deviation);</li>
 *   <li>unknown comprehension-required attributes: 420 with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1);</li>
 *   <li>ICE-CONTROLLED: 487 Role Conflict — a lite agent cannot take the controlling role
 *       (RFC 8445 §6.1.1, §7.3.1.1); neither or both role attributes: 400;</li>
 *   <li>otherwise a success response with XOR-MAPPED-ADDRESS (RFC 8445 §7.3.1.2), consent refreshed and,
 *       with USE-CANDIDATE, {@code from} selected — a later nomination of another address replaces it
 *       (network change).</li>
 * </ol>
 * Responses to authenticated requests carry MESSAGE-INTEGRITY (local password) and FINGERPRINT.
 *
 * <p>Not thread-safe: one event loop owns the agent. {@link #selectedAddress()} may be read from
 * other threads (volatile).
 */
public final class IceLiteAgent {
    /** RFC 7675 §5.1: consent expires 30 seconds after the last successful check. */
    public static final long CONSENT_TIMEOUT_NANOS = 30_000_000_000L;
    /** Largest response this agent writes (error with reason and UNKNOWN-ATTRIBUTES, MI, FINGERPRINT). */
    public static final int MAX_RESPONSE = 160;

    private final IceCredentials local;
    private final String remoteUfrag;
    private final byte[] expectedUsername;
    private final StunIntegrity integrity;
    private final StunMessage msg = new StunMessage();
    private final byte[] unknownScratch = new byte[8];

    private volatile InetSocketAddress selected;
    private long lastConsentNanos;

    public IceLiteAgent(IceCredentials local, String remoteUfrag, String remotePwd) {
        this.local = Objects.requireNonNull(local, "local");
        this.remoteUfrag = Objects.requireNonNull(remoteUfrag, "remoteUfrag");
        Objects.requireNonNull(remotePwd, "remotePwd"); // a lite agent never signs with it: it sends no checks
        // RFC 8445 §7.3.1: requests to us carry USERNAME "ourUfrag:theirUfrag".
        this.expectedUsername = (local.ufrag() + ":" + remoteUfrag).getBytes(StandardCharsets.UTF_8);
        this.integrity = new StunIntegrity(local.pwd());
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public String remoteUfrag() {
        return remoteUfrag;
    }

    /** The nominated remote address, or null until the controlling agent nominates one. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** True once a pair is selected and no valid request came on it for 30 s (RFC 7675 §5.1). */
    public boolean consentExpired(long nowNanos) {
        return selected != null && nowNanos - lastConsentNanos >= CONSENT_TIMEOUT_NANOS;
    }

    /**
     * Handles one datagram believed to be a Binding request from {@code from}; writes the response to
     * send back to {@code from} at {@code out[outOff]}.
     *
     * @return the response length, or 0 to drop silently (also when {@code out} has fewer than
     *     {@link #MAX_RESPONSE} bytes after outOff)
     */
    public int onBindingRequest(byte[] in, int off, int len, InetSocketAddress from, long nowNanos,
            byte[] out, int outOff) {
        if (from == null || from.getAddress() == null || out == null || outOff < 0
                || outOff > out.length - MAX_RESPONSE) {
            return 0;
        }
        StunMessage m = msg;
        if (!m.parse(in, off, len) || m.type != BINDING_REQUEST) {
            return 0;
        }
        if (m.fingerprint < 0 || !integrity.verifyFingerprint(in, off, m.fingerprint)) {
            return 0;
        }
        if (m.username < 0 || m.messageIntegrity < 0) {
            return error(in, off, out, outOff, ERROR_BAD_REQUEST, "Bad Request", false);
        }
        if (!usernameMatches(in, m.username) || !integrity.verify(in, off, m.messageIntegrity)) {
            return 0;
        }
        if (m.unknownCount > 0) {
            return error(in, off, out, outOff, ERROR_UNKNOWN_ATTRIBUTE, "Unknown Attribute", true);
        }
        boolean controlling = m.iceControlling >= 0;
        boolean controlled = m.iceControlled >= 0;
        if (controlled && !controlling) {
            return error(in, off, out, outOff, ERROR_ROLE_CONFLICT, "Role Conflict", true);
        }
        if (!controlling) {
            return error(in, off, out, outOff, ERROR_BAD_REQUEST, "Bad Request", true);
        }
        if (controlled) {
            return error(in, off, out, outOff, ERROR_BAD_REQUEST, "Bad Request", true);
        }

        InetSocketAddress current = selected;
        if (m.useCandidate >= 0) {
            if (!from.equals(current)) {
                selected = from; // RFC 8445 §7.3.1.5 / §8.1.1: the controlling agent's latest nomination wins
            }
            lastConsentNanos = nowNanos;
        } else if (from.equals(current)) {
            lastConsentNanos = nowNanos; // RFC 7675: a check on the selected pair renews consent
        }
        return success(in, off, from, out, outOff);
    }

    private boolean usernameMatches(byte[] b, int attr) {
        int n = msg.attrLength(attr);
        if (n != expectedUsername.length) {
            return false;
        }
        int v = attr + 4;
        for (int i = 0; i < n; i++) {
            if (b[v + i] != expectedUsername[i]) {
                return false;
            }
        }
        return true;
    }

    private int success(byte[] in, int off, InetSocketAddress from, byte[] out, int outOff) {
        int p = StunWriter.header(out, outOff, BINDING_SUCCESS, in, off + 8);
        p = XorAddress.write(out, outOff, p, from);
        p = integrity.append(out, outOff, p);
        p = integrity.appendFingerprint(out, outOff, p);
        return p - outOff;
    }

    private int error(byte[] in, int off, byte[] out, int outOff, int code, String reason, boolean withIntegrity) {
        int p = StunWriter.header(out, outOff, BINDING_ERROR, in, off + 8);
        p = StunWriter.errorCode(out, p, code, reason);
        if (code == ERROR_UNKNOWN_ATTRIBUTE) {
            int n = msg.unknownCount;
            for (int i = 0; i < n; i++) {
                put16(unknownScratch, 2 * i, msg.unknown[i]);
            }
            p = StunWriter.attribute(out, p, ATTR_UNKNOWN_ATTRIBUTES, unknownScratch, 0, 2 * n);
        }
        if (withIntegrity) {
            p = integrity.append(out, outOff, p);
        }
        p = integrity.appendFingerprint(out, outOff, p);
        return p - outOff;
    }
}
