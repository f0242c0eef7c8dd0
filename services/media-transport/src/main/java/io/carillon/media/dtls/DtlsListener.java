package io.carillon.media.dtls;

/** Outcome of a DTLS session; exactly one of the two is called, once, on the handshake executor. */
public interface DtlsListener {
    void onConnected(DtlsSrtpKeys keys);

    void onFailed(String reason);
}
