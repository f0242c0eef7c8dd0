package io.carillon.media.ice;

import static io.carillon.media.ice.StunConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): family 0x01 (IPv4) / 0x02 (IPv6); port xor the cookie's
 * top 16 bits; address xor the cookie (IPv4) or cookie || transaction ID (IPv6).
 */
final class XorAddress {
    private XorAddress() {}

    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    /** Bytes the attribute (header included) needs for this address: 12 or 24. */
    static int attributeSize(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? 12 : 24;
    }

    /** Writes the attribute at {@code p} of the message at msgOff (transaction ID already written). */
    static int write(byte[] out, int msgOff, int p, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        boolean v4 = ip.length == 4;
        put16(out, p, ATTR_XOR_MAPPED_ADDRESS);
        put16(out, p + 2, v4 ? 8 : 20);
        out[p + 4] = 0;
        out[p + 5] = (byte) (v4 ? FAMILY_IPV4 : FAMILY_IPV6);
        put16(out, p + 6, a.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            // bytes 4..19 of the header are the cookie followed by the transaction ID (RFC 8489 §14.2)
            out[p + 8 + i] = (byte) (ip[i] ^ out[msgOff + 4 + i]);
        }
        return p + (v4 ? 12 : 24);
    }

    /** Decodes the attribute whose header is at {@code attr}; null when malformed. */
    static InetSocketAddress read(byte[] b, int msgOff, int attr) {
        int alen = u16(b, attr + 2);
        int family = b[attr + 5] & 0xFF;
        int n;
        if (family == FAMILY_IPV4 && alen == 8) {
            n = 4;
        } else if (family == FAMILY_IPV6 && alen == 20) {
            n = 16;
        } else {
            return null;
        }
        int port = u16(b, attr + 6) ^ (MAGIC_COOKIE >>> 16);
        byte[] ip = new byte[n];
        for (int i = 0; i < n; i++) {
            ip[i] = (byte) (b[attr + 8 + i] ^ b[msgOff + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
    }
}
