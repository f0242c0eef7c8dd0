package io.carillon.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is
 * AES(key, IV + j), with j added to the low 16 bits of the IV. Built on AES/ECB over our own
 * counter blocks so no per-packet allocation happens (the JDK's CTR mode copies in place).
 * The counter and keystream buffers are the thread's {@link SrtpScratch}.
 *
 * <p>Not thread-safe: one event loop owns an instance.
 */
final class AesCtr {
    private final Cipher ecb;

    AesCtr(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** {@link #apply(SrtpScratch, byte[], byte[], int, int)} with this thread's scratch. */
    boolean apply(byte[] iv, byte[] buf, int off, int len) {
        return apply(SrtpScratch.current(), iv, buf, off, len);
    }

    /**
     * XORs {@code len} keystream bytes, starting at counter block {@code iv} (16 bytes, only read: it may be the
     * scratch's own {@code iv}), into {@code buf[off..off+len)}. Returns false only if the JCE refuses (never
     * expected).
     */
    boolean apply(SrtpScratch scratch, byte[] iv, byte[] buf, int off, int len) {
        byte[] counters = scratch.counters;
        byte[] stream = scratch.stream;
        int base = ((iv[14] & 0xFF) << 8) | (iv[15] & 0xFF);
        int block = 0;
        while (len > 0) {
            int n = Math.min(len, SrtpScratch.CHUNK);
            int blocks = (n + 15) >>> 4;
            for (int i = 0; i < blocks; i++) {
                int p = i << 4;
                System.arraycopy(iv, 0, counters, p, 14);
                int c = base + block + i; // RFC 3711 §4.1.1: at most 2^16 blocks per packet
                counters[p + 14] = (byte) (c >>> 8);
                counters[p + 15] = (byte) c;
            }
            try {
                ecb.update(counters, 0, blocks << 4, stream, 0);
            } catch (GeneralSecurityException e) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                buf[off + i] ^= stream[i];
            }
            off += n;
            len -= n;
            block += blocks;
        }
        return true;
    }
}
