package io.carillon.media.srtp;

/** Big-endian (network order) access to byte arrays. */
final class Bytes {
    private Bytes() {
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static int getShort(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Constant-time comparison of {@code a[ao..ao+len)} and {@code b[bo..bo+len)}. */
    static boolean equalsConstantTime(byte[] a, int ao, byte[] b, int bo, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[ao + i] ^ b[bo + i];
        }
        return diff == 0;
    }
}
