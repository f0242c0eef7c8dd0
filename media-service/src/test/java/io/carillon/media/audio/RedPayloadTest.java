package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedPayloadTest {
    private final RedPayload red = new RedPayload();

    @Test
    void unpacksTwoBlocksPrimaryLast() {
        // redundant block: PT 111, ts offset 960, length 3; primary PT 111, 4 bytes
        byte[] p = {
                0, 0, // junk before the payload: offsets are absolute
                (byte) (0x80 | 111), (byte) (960 >>> 6), (byte) (((960 & 0x3F) << 2) | 0), 3,
                111,
                1, 2, 3,
                9, 8, 7, 6};
        assertThat(red.parse(p, 2, p.length - 2)).isTrue();
        assertThat(red.blockCount()).isEqualTo(2);
        assertThat(red.next()).isTrue();
        assertThat(red.payloadType()).isEqualTo(111);
        assertThat(red.timestampOffset()).isEqualTo(960);
        assertThat(red.timestamp(500)).isEqualTo((500L - 960) & 0xFFFFFFFFL);
        assertThat(red.offset()).isEqualTo(7);
        assertThat(red.length()).isEqualTo(3);
        assertThat(red.isPrimary()).isFalse();
        assertThat(red.next()).isTrue();
        assertThat(red.isPrimary()).isTrue();
        assertThat(red.timestamp(500)).isEqualTo(500);
        assertThat(red.offset()).isEqualTo(10);
        assertThat(red.length()).isEqualTo(4);
        assertThat(p[red.offset()]).isEqualTo((byte) 9);
        assertThat(red.next()).isFalse();
        red.rewind();
        assertThat(red.next()).isTrue();
    }

    @Test
    void rejectsMalformedPackets() {
        // block length beyond the packet
        assertThat(red.parse(new byte[] {(byte) 0xEF, 0, 0, (byte) 200, 111, 1, 2}, 0, 7)).isFalse();
        assertThat(red.blockCount()).isZero();
        assertThat(red.next()).isFalse();
        // truncated redundant header
        assertThat(red.parse(new byte[] {(byte) 0xEF, 0}, 0, 2)).isFalse();
        // no primary header: all F bits set
        byte[] allRedundant = new byte[4 * 20];
        for (int i = 0; i < allRedundant.length; i += 4) {
            allRedundant[i] = (byte) 0xEF;
        }
        assertThat(red.parse(allRedundant, 0, allRedundant.length)).isFalse();
        // bad bounds and empty
        assertThat(red.parse(new byte[4], 2, 5)).isFalse();
        assertThat(red.parse(new byte[4], 0, 0)).isFalse();
        assertThat(red.parse(null, 0, 1)).isFalse();
        // primary only, empty data is fine
        assertThat(red.parse(new byte[] {111}, 0, 1)).isTrue();
        assertThat(red.next()).isTrue();
        assertThat(red.length()).isZero();
    }
}
