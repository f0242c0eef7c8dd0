package io.carillon.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated and bit-flipped input never throws and never selects an address. */
class StunRobustnessTest {

    @Test
    void hundredThousandBadBuffersNeverThrow() {
        Random r = new Random(7);
        IceCredentials server = new IceCredentials("srvUfrag", "serverPasswordServerPass");
        IceLiteAgent agent = new IceLiteAgent(server, "brwsr", "browserPasswordBrowserPw");
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        byte[] tid = new byte[12];
        byte[] valid = new byte[300];
        int validLen = Stun.writeBindingRequest(valid, 0, tid, "srvUfrag:brwsr", server.pwd(), 1, true, 9);
        byte[] out = new byte[512];
        byte[] buf = new byte[700];
        for (int i = 0; i < 100_000; i++) {
            int len;
            switch (i % 4) {
                case 0 -> { // random bytes with a plausible STUN header
                    len = r.nextInt(buf.length);
                    r.nextBytes(buf);
                    if (len >= 20) {
                        buf[0] = (byte) r.nextInt(4);
                        StunConstants.put16(buf, 2, (len - 20) & ~3);
                        StunConstants.put32(buf, 4, StunConstants.MAGIC_COOKIE);
                        len = 20 + ((len - 20) & ~3);
                    }
                }
                case 1 -> { // truncated valid request, length field left as is
                    len = r.nextInt(validLen + 1);
                    System.arraycopy(valid, 0, buf, 0, len);
                }
                case 2 -> { // valid request with random bit flips, length fixed up
                    System.arraycopy(valid, 0, buf, 0, validLen);
                    for (int k = 0; k < 1 + r.nextInt(4); k++) {
                        buf[r.nextInt(validLen)] ^= (byte) (1 << r.nextInt(8));
                    }
                    len = validLen;
                }
                default -> { // purely random
                    len = r.nextInt(buf.length);
                    r.nextBytes(buf);
                }
            }
            int off = 0;
            agent.onBindingRequest(buf, off, len, from, i, out, 0);
            Stun.isStun(buf, off, len);
            Stun.localUfrag(buf, off, len);
            Stun.parseBindingSuccess(buf, off, len, tid, "pw");
            Stun.parseBindingErrorCode(buf, off, len, tid);
        }
        // out-of-range arguments
        assertThat(Stun.isStun(null, 0, 10)).isFalse();
        assertThat(Stun.isStun(valid, -1, 10)).isFalse();
        assertThat(Stun.isStun(valid, 290, 100)).isFalse();
        assertThat(Stun.localUfrag(valid, 0, 10_000)).isNull();
        assertThat(agent.onBindingRequest(valid, 200, validLen, from, 0, out, 0)).isZero();
        // the agent still works afterwards
        int n = agent.onBindingRequest(Arrays.copyOf(valid, validLen), 0, validLen, from, 0, out, 0);
        assertThat(Stun.parseBindingSuccess(out, 0, n, tid, server.pwd())).isEqualTo(from);
    }
}
