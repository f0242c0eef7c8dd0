package io.carillon.media.dtls;

import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** One BC lightweight TLS crypto (cheaper than the JCA one for the handshake) on a shared SecureRandom. */
final class DtlsCrypto {
    private DtlsCrypto() {}

    static final SecureRandom RANDOM = new SecureRandom();
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(RANDOM);
}
