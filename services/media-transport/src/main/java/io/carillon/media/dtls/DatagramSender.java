package io.carillon.media.dtls;

/** Sends one DTLS datagram to the peer. May be called from the handshake thread. */
public interface DatagramSender {
    void send(byte[] b, int off, int len);
}
