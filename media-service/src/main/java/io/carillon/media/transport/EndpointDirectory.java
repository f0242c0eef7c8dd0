package io.carillon.media.transport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which endpoint a datagram belongs to: STUN checks by our ICE ufrag (the USERNAME names it before
 * any address is known), everything else by the remote address ICE nominated. Datagrams from an
 * address nobody nominated are dropped without further parsing.
 */
public final class EndpointDirectory {

    private final Map<String, MediaEndpoint> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, MediaEndpoint> byAddress = new ConcurrentHashMap<>();

    public void registerUfrag(String localUfrag, MediaEndpoint endpoint) {
        byUfrag.put(localUfrag, endpoint);
    }

    /** ICE nominated {@code address} for {@code endpoint} (a previous address of it is released). */
    public void bindAddress(InetSocketAddress address, InetSocketAddress previous, MediaEndpoint endpoint) {
        if (previous != null) {
            byAddress.remove(previous, endpoint);
        }
        byAddress.put(address, endpoint);
    }

    public void remove(String localUfrag, InetSocketAddress address, MediaEndpoint endpoint) {
        byUfrag.remove(localUfrag, endpoint);
        if (address != null) {
            byAddress.remove(address, endpoint);
        }
    }

    MediaEndpoint byUfrag(String ufrag) {
        return ufrag == null ? null : byUfrag.get(ufrag);
    }

    MediaEndpoint byAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    public int endpoints() {
        return byUfrag.size();
    }
}
