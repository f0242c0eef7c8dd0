package io.carillon.media.dtls;

/**
 * Result of a DTLS-SRTP handshake (RFC 5764 §4.2): the negotiated SRTP protection profile and the
 * keying material exported with label "EXTRACTOR-dtls_srtp", laid out as client key, server key,
 * client salt, server salt.
 */
public record DtlsSrtpKeys(int protectionProfile, byte[] keyingMaterial) {}
