package io.carillon.media.sdp;

import java.util.List;

/**
 * What the answer says about our side of the transport; fixed for the life of a peer connection,
 * so a renegotiation keeps them (client-behaviour.md §2).
 *
 * @param candidates host candidates ("address port"), one per advertised address
 */
public record TransportParameters(String iceUfrag, String icePwd, String sha256Fingerprint, List<String> candidates) {
}
