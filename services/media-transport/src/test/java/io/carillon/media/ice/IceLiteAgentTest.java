package io.carillon.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    static final long SECOND = 1_000_000_000L;

    final IceCredentials server = IceCredentials.generate();
    final IceCredentials browser = IceCredentials.generate();
    final IceLiteAgent agent = new IceLiteAgent(server, browser.ufrag(), browser.pwd());
    final InetSocketAddress a = addr("192.0.2.10", 50000);
    final InetSocketAddress b = addr("2001:db8::7", 51000);
    final Random random = new Random(42);
    final byte[] out = new byte[1500];

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] tid() {
        byte[] t = new byte[12];
        random.nextBytes(t);
        return t;
    }

    byte[] request(byte[] tid, String username, String pwd, boolean useCandidate) {
        byte[] buf = new byte[600];
        int n = Stun.writeBindingRequest(buf, 0, tid, username, pwd, 0x6e0001ff, useCandidate, 0x1234_5678_9abcL);
        assertThat(n).isPositive();
        return java.util.Arrays.copyOf(buf, n);
    }

    byte[] validRequest(byte[] tid, boolean useCandidate) {
        return request(tid, server.ufrag() + ":" + browser.ufrag(), server.pwd(), useCandidate);
    }

    @Test
    void generatedCredentialsUseIceChars() {
        IceCredentials c = IceCredentials.generate();
        assertThat(c.ufrag()).hasSize(8).matches("[A-Za-z0-9+/]+");
        assertThat(c.pwd()).hasSize(24).matches("[A-Za-z0-9+/]+");
        assertThat(IceCredentials.generate()).isNotEqualTo(c);
    }

    @Test
    void validRequestIsAnsweredWithTheSourceAddress() {
        for (InetSocketAddress from : new InetSocketAddress[] {a, b}) {
            byte[] tid = tid();
            byte[] req = validRequest(tid, false);
            assertThat(Stun.isStun(req, 0, req.length)).isTrue();
            assertThat(Stun.localUfrag(req, 0, req.length)).isEqualTo(server.ufrag());
            int n = agent.onBindingRequest(req, 0, req.length, from, 0, out, 0);
            assertThat(n).isPositive();
            // the controlling side verifies with the password it knows for us
            assertThat(Stun.parseBindingSuccess(out, 0, n, tid, server.pwd())).isEqualTo(from);
            assertThat(Stun.parseBindingSuccess(out, 0, n, tid, browser.pwd())).isNull();
        }
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void responseWrittenAtAnOffset() {
        byte[] tid = tid();
        byte[] req = validRequest(tid, false);
        byte[] in = new byte[req.length + 10];
        System.arraycopy(req, 0, in, 10, req.length);
        int n = agent.onBindingRequest(in, 10, req.length, a, 0, out, 33);
        assertThat(n).isPositive();
        assertThat(Stun.parseBindingSuccess(out, 33, n, tid, server.pwd())).isEqualTo(a);
    }

    @Test
    void wrongPasswordUfragOrFingerprintIsDropped() {
        byte[] tid = tid();
        assertThat(agent.onBindingRequest(request(tid, server.ufrag() + ":" + browser.ufrag(), "wrong-password-xxxxxxxx", true),
                0, request(tid, server.ufrag() + ":" + browser.ufrag(), "wrong-password-xxxxxxxx", true).length, a, 0, out, 0))
                .isZero();
        byte[] wrongUfrag = request(tid, "nothers1:" + browser.ufrag(), server.pwd(), true);
        assertThat(agent.onBindingRequest(wrongUfrag, 0, wrongUfrag.length, a, 0, out, 0)).isZero();
        byte[] wrongRemote = request(tid, server.ufrag() + ":zzzz", server.pwd(), true);
        assertThat(agent.onBindingRequest(wrongRemote, 0, wrongRemote.length, a, 0, out, 0)).isZero();
        byte[] badFp = validRequest(tid, true);
        badFp[badFp.length - 1] ^= 1;
        assertThat(agent.onBindingRequest(badFp, 0, badFp.length, a, 0, out, 0)).isZero();
        byte[] tampered = validRequest(tid, true);
        tampered[25] ^= 1; // inside USERNAME: breaks MI (and FINGERPRINT)
        assertThat(agent.onBindingRequest(tampered, 0, tampered.length, a, 0, out, 0)).isZero();
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void useCandidateSelectsAndANewerNominationSwitches() {
        assertThat(agent.onBindingRequest(validRequest(tid(), false), 0, validRequest(tid(), false).length, a, 0, out, 0)).isPositive();
        assertThat(agent.selectedAddress()).isNull();
        byte[] nominate = validRequest(tid(), true);
        assertThat(agent.onBindingRequest(nominate, 0, nominate.length, a, 1 * SECOND, out, 0)).isPositive();
        assertThat(agent.selectedAddress()).isEqualTo(a);
        // a check without USE-CANDIDATE from elsewhere does not move the selection
        byte[] check = validRequest(tid(), false);
        agent.onBindingRequest(check, 0, check.length, b, 2 * SECOND, out, 0);
        assertThat(agent.selectedAddress()).isEqualTo(a);
        // network change: nomination from b takes over
        byte[] renominate = validRequest(tid(), true);
        assertThat(agent.onBindingRequest(renominate, 0, renominate.length, b, 3 * SECOND, out, 0)).isPositive();
        assertThat(agent.selectedAddress()).isEqualTo(b);
    }

    @Test
    void consentExpiresThirtySecondsAfterTheLastValidRequestOnTheSelectedPair() {
        long t0 = 5 * SECOND;
        assertThat(agent.consentExpired(t0 + 100 * SECOND)).isFalse(); // nothing selected yet
        byte[] nominate = validRequest(tid(), true);
        agent.onBindingRequest(nominate, 0, nominate.length, a, t0, out, 0);
        assertThat(agent.consentExpired(t0 + 29 * SECOND)).isFalse();
        assertThat(agent.consentExpired(t0 + 30 * SECOND)).isTrue();
        // a consent check (no USE-CANDIDATE) on the selected pair renews it
        byte[] check = validRequest(tid(), false);
        agent.onBindingRequest(check, 0, check.length, a, t0 + 20 * SECOND, out, 0);
        assertThat(agent.consentExpired(t0 + 49 * SECOND)).isFalse();
        assertThat(agent.consentExpired(t0 + 50 * SECOND)).isTrue();
        // checks from another address, or invalid ones, do not
        agent.onBindingRequest(check, 0, check.length, b, t0 + 45 * SECOND, out, 0);
        byte[] bad = request(tid(), server.ufrag() + ":" + browser.ufrag(), "bad-password-aaaaaaaaaa", false);
        agent.onBindingRequest(bad, 0, bad.length, a, t0 + 45 * SECOND, out, 0);
        assertThat(agent.consentExpired(t0 + 50 * SECOND)).isTrue();
    }

    @Test
    void requestWithoutIntegrityGets400AndIceControlledGets487() {
        byte[] tid = tid();
        // USERNAME + ICE-CONTROLLING + FINGERPRINT, no MESSAGE-INTEGRITY
        byte[] buf = new byte[200];
        int p = StunWriter.header(buf, 0, StunConstants.BINDING_REQUEST, tid, 0);
        byte[] user = (server.ufrag() + ":" + browser.ufrag()).getBytes();
        p = StunWriter.attribute(buf, p, StunConstants.ATTR_USERNAME, user, 0, user.length);
        p = StunWriter.attribute64(buf, p, StunConstants.ATTR_ICE_CONTROLLING, 1);
        p = new StunIntegrity("x").appendFingerprint(buf, 0, p);
        int n = agent.onBindingRequest(buf, 0, p, a, 0, out, 0);
        assertThat(Stun.parseBindingErrorCode(out, 0, n, tid)).isEqualTo(400);

        // authenticated, but ICE-CONTROLLED instead of ICE-CONTROLLING
        p = StunWriter.header(buf, 0, StunConstants.BINDING_REQUEST, tid, 0);
        p = StunWriter.attribute(buf, p, StunConstants.ATTR_USERNAME, user, 0, user.length);
        p = StunWriter.attribute64(buf, p, StunConstants.ATTR_ICE_CONTROLLED, 1);
        StunIntegrity mi = new StunIntegrity(server.pwd());
        p = mi.append(buf, 0, p);
        p = mi.appendFingerprint(buf, 0, p);
        n = agent.onBindingRequest(buf, 0, p, a, 0, out, 0);
        assertThat(Stun.parseBindingErrorCode(out, 0, n, tid)).isEqualTo(487);
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420() {
        byte[] tid = tid();
        byte[] buf = new byte[200];
        int p = StunWriter.header(buf, 0, StunConstants.BINDING_REQUEST, tid, 0);
        byte[] user = (server.ufrag() + ":" + browser.ufrag()).getBytes();
        p = StunWriter.attribute(buf, p, StunConstants.ATTR_USERNAME, user, 0, user.length);
        p = StunWriter.attribute64(buf, p, StunConstants.ATTR_ICE_CONTROLLING, 1);
        p = StunWriter.attribute32(buf, p, 0x7F01, 0); // comprehension-required, unknown
        p = StunWriter.attribute32(buf, p, 0xC057, 0); // comprehension-optional (GOOG-NETWORK-INFO): ignored
        StunIntegrity mi = new StunIntegrity(server.pwd());
        p = mi.append(buf, 0, p);
        p = mi.appendFingerprint(buf, 0, p);
        int n = agent.onBindingRequest(buf, 0, p, a, 0, out, 0);
        assertThat(Stun.parseBindingErrorCode(out, 0, n, tid)).isEqualTo(420);
    }

    @Test
    void smallOutputBufferDrops() {
        byte[] req = validRequest(tid(), true);
        assertThat(agent.onBindingRequest(req, 0, req.length, a, 0, new byte[40], 0)).isZero();
    }
}
