package io.carillon.media.dtls;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.DTLSServerProtocol;

/**
 * DTLS-SRTP server role (a=setup:passive, RFC 5763 §5): runs BC's {@link DTLSServerProtocol} on the
 * handshake executor over datagrams fed by {@link #onDatagram}. The client certificate is required and
 * must match the offer's a=fingerprint; SRTP profile AES128_CM_HMAC_SHA1_80 is preferred over
 * AEAD_AES_128_GCM. The handshake fails after {@link #DEFAULT_HANDSHAKE_TIMEOUT_MILLIS}.
 *
 * <p>No HelloVerifyRequest cookie exchange (RFC 6347 §4.2.1): the peer's address was already proven by
 * ICE connectivity checks before any DTLS reaches this session, so it would only cost a round trip.
 *
 * <p>Thread-safe; see {@link DtlsConnection} for what happens to datagrams after the handshake.
 */
public final class DtlsServerSession {
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final DtlsConnection connection;

    public DtlsServerSession(DtlsCertificate cert, String expectedPeerFingerprint, DatagramSender sender,
            Executor handshakeExecutor, DtlsListener listener) {
        this(cert, expectedPeerFingerprint, sender, handshakeExecutor, listener, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** @throws IllegalArgumentException when the fingerprint cannot be parsed */
    public DtlsServerSession(DtlsCertificate cert, String expectedPeerFingerprint, DatagramSender sender,
            Executor handshakeExecutor, DtlsListener listener, int handshakeTimeoutMillis) {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        Objects.requireNonNull(listener, "listener");
        SrtpTlsServer server = new SrtpTlsServer(cert, PeerFingerprint.parse(expectedPeerFingerprint),
                handshakeTimeoutMillis);
        this.connection = new DtlsConnection(sender, handshakeExecutor, listener, transport -> {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            protocol.setVerifyRequests(false);
            return protocol.accept(server, transport);
        }, server::keys);
    }

    public void start() {
        connection.start();
    }

    /** A DTLS record datagram (first byte 20..63, RFC 7983 §7); copied, never blocks, dropped when the queue is full. */
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
