package io.carillon.media.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Malformed and hostile datagrams for the one media port, covering every first-byte class of
 * RFC 7983: random junk, STUN-looking (magic cookie, broken attributes and lengths, the server's real
 * ufrags with forged MESSAGE-INTEGRITY), DTLS-looking records and ClientHello-shaped garbage,
 * RTP/RTCP-looking packets with random SSRCs and lying header fields, truncated well-formed packets,
 * other first bytes and oversize datagrams. Not thread-safe: one generator per sending thread.
 */
public final class HostileDatagrams {

    /** Largest UDP payload over IPv4. */
    public static final int MAX_DATAGRAM = 65_507;

    public enum Kind {
        RANDOM(20), STUN_GARBAGE(10), STUN_REAL_UFRAG(14), DTLS_GARBAGE(10), CLIENT_HELLO(8), RTP_GARBAGE(15),
        RTCP_GARBAGE(7), TRUNCATED(9), OTHER_FIRST_BYTE(5), OVERSIZE(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int FINGERPRINT_XOR = 0x5354554e;
    private static final Kind[] TABLE = table();

    private final SplittableRandom random;
    private final byte[][] ufrags;
    private final CRC32 crc = new CRC32();
    private final byte[] template = new byte[1500];
    private Kind last;

    /** @param serverUfrags the server's real ICE ufrags (from answers), to aim forged checks at live sessions */
    public HostileDatagrams(long seed, List<String> serverUfrags) {
        this.random = new SplittableRandom(seed);
        this.ufrags = serverUfrags.stream().map(u -> u.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** The kind of the datagram last written. */
    public Kind last() {
        return last;
    }

    /** Writes the next hostile datagram at out[0] (out holds {@link #MAX_DATAGRAM}); returns its length. */
    public int next(byte[] out) {
        Kind kind = TABLE[random.nextInt(TABLE.length)];
        last = kind;
        return switch (kind) {
            case RANDOM -> randomBytes(out, random.nextInt(1501));
            case STUN_GARBAGE -> stunGarbage(out);
            case STUN_REAL_UFRAG -> stunWithRealUfrag(out);
            case DTLS_GARBAGE -> dtlsGarbage(out);
            case CLIENT_HELLO -> clientHello(out, 0);
            case RTP_GARBAGE -> rtpGarbage(out);
            case RTCP_GARBAGE -> rtcpGarbage(out);
            case TRUNCATED -> truncated(out);
            case OTHER_FIRST_BYTE -> otherFirstByte(out);
            case OVERSIZE -> oversize(out);
        };
    }

    // ---- the kinds ----

    private int randomBytes(byte[] out, int len) {
        fill(out, 0, len);
        return len;
    }

    /** First byte 0..3 and (mostly) the magic cookie; the rest lies: lengths, attribute walk, types. */
    private int stunGarbage(byte[] out) {
        int attrsEnd = 20;
        int target = 20 + 4 * random.nextInt(120);
        put16(out, 0, random.nextInt(4) << 14 | random.nextInt(1 << 14));
        put32(out, 4, random.nextInt(8) == 0 ? random.nextInt() : MAGIC_COOKIE);
        fill(out, 8, 12);
        while (attrsEnd + 4 <= target) {
            int type = pick(0x0006, 0x0008, 0x8028, 0x0024, 0x0025, 0x8029, 0x802A, 0x0020, 0x0009, random.nextInt(1 << 16));
            int length = random.nextInt(4) == 0 ? random.nextInt(1 << 16) : random.nextInt(Math.max(1, target - attrsEnd));
            put16(out, attrsEnd, type);
            put16(out, attrsEnd + 2, length);
            int value = Math.min((length + 3) & ~3, target - attrsEnd - 4);
            if (type == 0x0006 && ufrags.length > 0 && value > 0) {
                writeUsername(out, attrsEnd + 4, value);
            } else {
                fill(out, attrsEnd + 4, value);
            }
            attrsEnd += 4 + value;
        }
        int len = attrsEnd;
        // header length: usually consistent (so the parser walks the attributes), sometimes a lie
        put16(out, 2, random.nextInt(4) == 0 ? random.nextInt(1 << 16) : len - 20);
        return len;
    }

    /**
     * Binding requests aimed at live sessions: USERNAME with a real server ufrag, a FINGERPRINT that
     * is valid (anyone can compute it) so the agent gets as far as MESSAGE-INTEGRITY, which is forged;
     * USE-CANDIDATE so that accepting it would steal the session's address. Variants: no integrity
     * (the agent answers 400), ICE-CONTROLLED, unknown comprehension-required attributes, responses and
     * indications instead of requests, a broken fingerprint, an over-long or empty remote ufrag.
     */
    private int stunWithRealUfrag(byte[] out) {
        int variant = random.nextInt(10);
        int type = variant == 8 ? pick(0x0101, 0x0111, 0x0011) : 0x0001;
        put16(out, 0, type);
        put32(out, 4, MAGIC_COOKIE);
        fill(out, 8, 12);
        int p = 20;
        byte[] ufrag = ufrags.length == 0 ? "nobody".getBytes(StandardCharsets.UTF_8) : ufrags[random.nextInt(ufrags.length)];
        int remote = variant == 9 ? pick(0, 600) : 4 + random.nextInt(30);
        int userLength = Math.min(ufrag.length + 1 + remote, 1000);
        put16(out, p, 0x0006);
        put16(out, p + 2, userLength);
        System.arraycopy(ufrag, 0, out, p + 4, ufrag.length);
        out[p + 4 + ufrag.length] = ':';
        for (int i = ufrag.length + 1; i < userLength; i++) {
            out[p + 4 + i] = (byte) ('a' + random.nextInt(26));
        }
        p += 4 + ((userLength + 3) & ~3);
        p = attribute32(out, p, 0x0024, random.nextInt());
        p = emptyAttribute(out, p, 0x0025);
        if (variant == 5) {
            p = attribute64(out, p, 0x8029, random.nextLong()); // ICE-CONTROLLED
        } else {
            p = attribute64(out, p, 0x802A, random.nextLong()); // ICE-CONTROLLING
        }
        if (variant == 6) {
            p = attribute32(out, p, 0x7F00 | random.nextInt(256), random.nextInt()); // comprehension-required, unknown
        }
        if (variant != 4) {
            put16(out, p, 0x0008); // MESSAGE-INTEGRITY: forged
            put16(out, p + 2, 20);
            fill(out, p + 4, 20);
            p += 24;
        }
        put16(out, 2, p + 8 - 20);
        crc.reset();
        crc.update(out, 0, p);
        int fingerprint = (int) crc.getValue() ^ FINGERPRINT_XOR;
        if (variant == 7) {
            fingerprint ^= 1 << random.nextInt(32);
        }
        return attribute32(out, p, 0x8028, fingerprint);
    }

    /** DTLS-looking records (first byte 20..63): lying versions, epochs, sequence numbers and lengths; several per datagram. */
    private int dtlsGarbage(byte[] out) {
        int records = 1 + random.nextInt(3);
        int p = 0;
        for (int r = 0; r < records; r++) {
            int body = random.nextInt(400);
            if (p + 13 + body > 1500) {
                break;
            }
            out[p] = (byte) (random.nextInt(4) == 0 ? 20 + random.nextInt(44) : 20 + random.nextInt(4));
            put16(out, p + 1, pick(0xFEFD, 0xFEFF, 0x0303, random.nextInt(1 << 16)));
            put16(out, p + 3, pick(0, 1, 2, random.nextInt(1 << 16)));
            fill(out, p + 5, 6);
            put16(out, p + 11, random.nextInt(3) == 0 ? random.nextInt(1 << 16) : body);
            fill(out, p + 13, body);
            p += 13 + body;
        }
        return p;
    }

    /** A ClientHello-shaped handshake record whose inner lengths lie (fragment, session id, cookie, suites, extensions). */
    private int clientHello(byte[] out, int at) {
        out[at] = 22;
        put16(out, at + 1, pick(0xFEFF, 0xFEFD));
        put16(out, at + 3, pick(0, 0, 1, random.nextInt(1 << 16)));
        fill(out, at + 5, 6);
        int h = at + 13;
        out[h] = (byte) pick(1, 1, 1, 3, 11, 16, 20, random.nextInt(256)); // ClientHello mostly
        int bodyLength = 40 + random.nextInt(300);
        put24(out, h + 1, random.nextInt(3) == 0 ? random.nextInt(1 << 24) : bodyLength);
        put16(out, h + 4, random.nextInt(4));
        put24(out, h + 6, random.nextInt(3) == 0 ? random.nextInt(1 << 24) : 0);
        put24(out, h + 9, random.nextInt(3) == 0 ? random.nextInt(1 << 24) : bodyLength);
        int b = h + 12;
        put16(out, b, 0xFEFD);
        fill(out, b + 2, 32);
        int q = b + 34;
        out[q++] = (byte) pick(0, 32, random.nextInt(256)); // session id length
        out[q++] = (byte) pick(0, 32, random.nextInt(256)); // cookie length
        put16(out, q, pick(2, 4, random.nextInt(1 << 16)) | (random.nextInt(4) == 0 ? 1 : 0)); // odd suite lengths too
        q += 2;
        put16(out, q, pick(0xC02B, 0xC02F, 0x00FF));
        q += 2;
        out[q++] = 1;
        out[q++] = 0;
        int extensions = q;
        q += 2;
        int end = b + bodyLength;
        while (q + 4 <= end) {
            put16(out, q, pick(0x000E, 0x000A, 0x000D, 0x0017, 0xFF01, random.nextInt(1 << 16))); // use_srtp among them
            int length = random.nextInt(4) == 0 ? random.nextInt(1 << 16) : random.nextInt(Math.max(1, end - q - 4 + 1));
            put16(out, q + 2, length);
            int value = Math.min(length, end - q - 4);
            fill(out, q + 4, value);
            q += 4 + value;
        }
        end = Math.max(end, q);
        put16(out, extensions, random.nextInt(3) == 0 ? random.nextInt(1 << 16) : end - extensions - 2);
        put16(out, at + 11, random.nextInt(4) == 0 ? random.nextInt(1 << 16) : end - at - 13);
        return end - at;
    }

    /** RTP-looking (first byte 128..191): random SSRCs, lying CSRC counts, extension and padding lengths, random tags. */
    private int rtpGarbage(byte[] out) {
        int len = random.nextInt(8) == 0 ? random.nextInt(12) : 12 + random.nextInt(1188);
        fill(out, 0, len);
        if (len > 0) {
            out[0] = (byte) (0x80 | random.nextInt(64));
        }
        if (len > 1) {
            out[1] = (byte) pick(111, 0xEF, 63, 0x80 | 111, random.nextInt(128), random.nextInt(256)); // opus, RED-ish, any
        }
        if (len > 16 && random.nextBoolean()) {
            out[0] |= 0x10;
            int x = 12 + 4 * (out[0] & 0x0F);
            if (x + 4 <= len) {
                put16(out, x, pick(0xBEDE, 0x1000, random.nextInt(1 << 16)));
                put16(out, x + 2, random.nextInt(3) == 0 ? random.nextInt(1 << 16) : random.nextInt(8));
            }
        }
        if (len > 12 && random.nextInt(4) == 0) {
            out[0] |= 0x20;
            out[len - 1] = (byte) pick(0, 255, random.nextInt(256)); // padding count beyond the payload
        }
        return len;
    }

    /** RTCP-looking (second byte 192..223): compound of lying length fields, random SRTCP index and tag. */
    private int rtcpGarbage(byte[] out) {
        int len = random.nextInt(8) == 0 ? random.nextInt(8) : 8 + random.nextInt(600);
        fill(out, 0, len);
        int p = 0;
        while (p + 4 <= len) {
            out[p] = (byte) (0x80 | random.nextInt(64));
            out[p + 1] = (byte) pick(200, 201, 202, 203, 204, 205, 206, 207, 192 + random.nextInt(32));
            int words = random.nextInt(3) == 0 ? random.nextInt(1 << 16) : random.nextInt(16);
            put16(out, p + 2, words);
            p += 4 + 4 * Math.min(words, 16);
        }
        if (len > 1) {
            out[0] = (byte) (0x80 | (out[0] & 0x3F));
            out[1] = (byte) (192 + random.nextInt(32));
        }
        return len;
    }

    /** A well-formed-looking packet of each class cut short anywhere, header included. */
    private int truncated(byte[] out) {
        int full = switch (random.nextInt(3)) {
            case 0 -> stunWithRealUfrag(template);
            case 1 -> clientHello(template, 0);
            default -> rtpTemplate(template);
        };
        int len = random.nextInt(Math.max(1, full));
        System.arraycopy(template, 0, out, 0, len);
        return len;
    }

    private int rtpTemplate(byte[] b) {
        b[0] = (byte) 0x90;
        b[1] = 111;
        fill(b, 2, 10);
        put16(b, 12, 0xBEDE);
        put16(b, 14, 1);
        b[16] = 0x10;
        b[17] = (byte) 0x85;
        b[18] = 0;
        b[19] = 0;
        int payload = 20 + random.nextInt(200);
        fill(b, 20, payload - 20 + 10);
        return payload + 10;
    }

    /** First bytes RFC 7983 gives to nobody here (4..19 ZRTP-ish, 64..127 TURN channels and more, 192..255). */
    private int otherFirstByte(byte[] out) {
        int len = 1 + random.nextInt(1500);
        fill(out, 0, len);
        int first = switch (random.nextInt(3)) {
            case 0 -> 4 + random.nextInt(16);
            case 1 -> 64 + random.nextInt(64);
            default -> 192 + random.nextInt(64);
        };
        out[0] = (byte) first;
        return len;
    }

    /** Beyond any MTU the server serves (it reads at most 1500): mostly a little over, sometimes the UDP maximum. */
    private int oversize(byte[] out) {
        int len = random.nextInt(50) == 0 ? MAX_DATAGRAM : 1501 + random.nextInt(8000);
        fill(out, 0, Math.min(len, 64));
        out[0] = (byte) pick(0, 22, 0x80, random.nextInt(256));
        if (out[0] == 0) {
            put32(out, 4, MAGIC_COOKIE);
            put16(out, 2, (len - 20) & 0xFFFC);
        }
        return len;
    }

    // ---- helpers ----

    private void writeUsername(byte[] out, int at, int n) {
        byte[] ufrag = ufrags[random.nextInt(ufrags.length)];
        for (int i = 0; i < n; i++) {
            out[at + i] = i < ufrag.length ? ufrag[i] : i == ufrag.length ? (byte) ':' : (byte) random.nextInt(256);
        }
    }

    private void fill(byte[] b, int off, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                b[off + i + k] = (byte) (v >>> (8 * k));
            }
        }
        for (; i < len; i++) {
            b[off + i] = (byte) random.nextInt(256);
        }
    }

    private int pick(int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int attribute32(byte[] b, int p, int type, int value) {
        put16(b, p, type);
        put16(b, p + 2, 4);
        put32(b, p + 4, value);
        return p + 8;
    }

    private static int attribute64(byte[] b, int p, int type, long value) {
        put16(b, p, type);
        put16(b, p + 2, 8);
        put32(b, p + 4, (int) (value >>> 32));
        put32(b, p + 8, (int) value);
        return p + 12;
    }

    private static int emptyAttribute(byte[] b, int p, int type) {
        put16(b, p, type);
        put16(b, p + 2, 0);
        return p + 4;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put24(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 16);
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static Kind[] table() {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.weight;
        }
        Kind[] table = new Kind[total];
        int i = 0;
        for (Kind k : Kind.values()) {
            for (int w = 0; w < k.weight; w++) {
                table[i++] = k;
            }
        }
        return table;
    }
}
