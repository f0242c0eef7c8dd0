package io.carillon.media.dtls;

import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** One BC lightweight TLS crypto (cheaper than the JCA one for the handshake) on a shared SecureRandom. */
final class DtlsCrypto {
    private DtlsCrypto() {}

    static final SecureRandom RANDOM = new SecureRandom();
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(RANDOM);

    /**
     * When a handshake flight with no answer is sent again, first (then doubling, BC's rule). BC's default is
     * RFC 6347's 1 s, which a single lost datagram turns into a second of silence at the start of a call; a
     * round trip is a few ms locally and rarely over 200 ms on the Internet (DTLS 1.3, RFC 9147 §5.8.2,
     * lowered its own first timer to 100 ms for the same reason).
     */
    static final int FIRST_RESEND_MILLIS = 200;
}
