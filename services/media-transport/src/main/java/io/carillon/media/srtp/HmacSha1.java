package io.carillon.media.srtp;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) of one key: the key's ipad/opad blocks, hashed with the thread's {@link SrtpScratch} digests,
 * allocation-free per message (unlike {@code Mac.doFinal(byte[],int)}). Each message rehashes the 64-byte ipad/opad
 * blocks instead of restoring a cloned state, because clone() would allocate.
 *
 * <p>Stateless between messages, so one instance may serve any thread.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];

    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than a block");
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
    }

    /**
     * Writes the 20-byte MAC of {@code a[aOff..aOff+aLen) || b[bOff..bOff+bLen)} to {@code out[0..20)} ({@code out}
     * may be {@code scratch.mac}; {@code b} may be empty). A {@link MessageDigest} resets itself on {@code digest},
     * so the scratch's digests start clean. Any failure, a bad range included, resets them before answering false:
     * they are the thread's, and a half-hashed message left in them would spoil the next session's MAC.
     */
    boolean mac(SrtpScratch scratch, byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, byte[] out) {
        MessageDigest inner = scratch.inner;
        MessageDigest outer = scratch.outer;
        try {
            inner.update(ipad, 0, BLOCK);
            inner.update(a, aOff, aLen);
            if (bLen > 0) {
                inner.update(b, bOff, bLen);
            }
            inner.digest(scratch.innerHash, 0, LENGTH);
            outer.update(opad, 0, BLOCK);
            outer.update(scratch.innerHash, 0, LENGTH);
            outer.digest(out, 0, LENGTH);
            return true;
        } catch (DigestException | RuntimeException e) {
            inner.reset();
            outer.reset();
            return false;
        }
    }
}
