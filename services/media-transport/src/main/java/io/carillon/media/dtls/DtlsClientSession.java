package io.carillon.media.dtls;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.DTLSClientProtocol;

/**
 * DTLS-SRTP client role (a=setup:active), for tests and the Java test client: its own certificate,
 * the server's certificate checked against the answer's a=fingerprint, use_srtp offering
 * {@code offeredProfiles} (default AEAD_AES_128_GCM then AES128_CM_HMAC_SHA1_80, as Chrome orders them).
 * Thread-safe; same datagram handling as {@link DtlsServerSession}.
 */
public final class DtlsClientSession {
    public static final int[] DEFAULT_PROFILES = {SrtpProfiles.AEAD_AES_128_GCM, SrtpProfiles.AES128_CM_HMAC_SHA1_80};

    private final DtlsConnection connection;

    public DtlsClientSession(DtlsCertificate cert, String expectedServerFingerprint, DatagramSender sender,
            Executor handshakeExecutor, DtlsListener listener) {
        this(cert, expectedServerFingerprint, sender, handshakeExecutor, listener, DEFAULT_PROFILES,
                DtlsServerSession.DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** @throws IllegalArgumentException when the fingerprint cannot be parsed */
    public DtlsClientSession(DtlsCertificate cert, String expectedServerFingerprint, DatagramSender sender,
            Executor handshakeExecutor, DtlsListener listener, int[] offeredProfiles, int handshakeTimeoutMillis) {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        Objects.requireNonNull(listener, "listener");
        SrtpTlsClient client = new SrtpTlsClient(cert, PeerFingerprint.parse(expectedServerFingerprint),
                offeredProfiles, handshakeTimeoutMillis);
        this.connection = new DtlsConnection(sender, handshakeExecutor, listener,
                transport -> new DTLSClientProtocol().connect(client, transport), client::keys);
    }

    public void start() {
        connection.start();
    }

    public void onDatagram(byte[] b, int off, int len) {
        connection.onDatagram(b, off, len);
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    public void close() {
        connection.close();
    }
}
