package io.carillon.media.ice;

/** Wire constants of STUN (RFC 8489) and its ICE attributes (RFC 8445 §16.1). */
final class StunConstants {
    private StunConstants() {}

    /** RFC 8489 §5: fixed header size and magic cookie. */
    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int TRANSACTION_ID_LENGTH = 12;

    /** RFC 8489 §5: method Binding = 0x001; class bits C1 (0x0100) and C0 (0x0010). */
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_INDICATION = 0x0011;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;

    /** RFC 8489 §18.3 attribute registry. */
    static final int ATTR_MAPPED_ADDRESS = 0x0001;
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_ERROR_CODE = 0x0009;
    static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
    static final int ATTR_REALM = 0x0014;
    static final int ATTR_NONCE = 0x0015;
    static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C;
    static final int ATTR_PASSWORD_ALGORITHM = 0x001D;
    static final int ATTR_USERHASH = 0x001E;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_SOFTWARE = 0x8022;
    static final int ATTR_FINGERPRINT = 0x8028;
    /** RFC 8445 §16.1. */
    static final int ATTR_PRIORITY = 0x0024;
    static final int ATTR_USE_CANDIDATE = 0x0025;
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** RFC 8489 §14.5: HMAC-SHA1 output; attribute = 4-byte header + 20. */
    static final int MI_LENGTH = 20;
    static final int MI_ATTR_SIZE = 24;
    /** RFC 8489 §14.7: CRC-32 XOR 0x5354554e; attribute = 4 + 4. */
    static final int FINGERPRINT_XOR = 0x5354554e;
    static final int FINGERPRINT_ATTR_SIZE = 8;
    /** RFC 8489 §14.3: USERNAME shorter than 513 bytes. */
    static final int MAX_USERNAME = 513;

    /** RFC 8489 §14.8 / RFC 8445 §7.3.1.1 error codes. */
    static final int ERROR_BAD_REQUEST = 400;
    static final int ERROR_UNAUTHORIZED = 401;
    static final int ERROR_UNKNOWN_ATTRIBUTE = 420;
    static final int ERROR_ROLE_CONFLICT = 487;

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
