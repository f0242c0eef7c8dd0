package io.carillon.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5769 test vectors for STUN. */
class Rfc5769Test {
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final byte[] TID = hex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 §2.1 sample request. */
    static final byte[] REQUEST = hex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "80220010" + "5354554e" + "20746573" + "7420636c" + "69656e74"
            + "00240004" + "6e0001ff"
            + "80290008" + "932ff9b1" + "51263b36"
            + "00060009" + "6576746a" + "3a683676" + "59202020"
            + "00080014" + "9aeaa70c" + "bfd8cb56" + "781ef2b5" + "b2d3f249" + "c1b571a2"
            + "80280004" + "e57a3bcf");

    /** RFC 5769 §2.2 sample IPv4 response. */
    static final byte[] RESPONSE_V4 = hex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b" + "74657374" + "20766563" + "746f7220"
            + "00200008" + "0001a147" + "e112a643"
            + "00080014" + "2b91f599" + "fd9e90c3" + "8c7489f9" + "2af9ba53" + "f06be7d7"
            + "80280004" + "c07d4c96");

    /** RFC 5769 §2.3 sample IPv6 response. */
    static final byte[] RESPONSE_V6 = hex(
            "010100482112a442b7e7a701bc34d686fa87dfae"
            + "8022000b" + "74657374" + "20766563" + "746f7220"
            + "00200014" + "0002a147" + "0113a9fa" + "a5d3f179" + "bc25f4b5" + "bed2b9d9"
            + "00080014" + "a382954e" + "4be67bf1" + "1784c97c" + "8292c275" + "bfe3ed41"
            + "80280004" + "c8fb0b4c");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void requestIntegrityAndFingerprintVerify() {
        assertThat(Stun.isStun(REQUEST, 0, REQUEST.length)).isTrue();
        StunMessage m = new StunMessage();
        assertThat(m.parse(REQUEST, 0, REQUEST.length)).isTrue();
        assertThat(m.type).isEqualTo(StunConstants.BINDING_REQUEST);
        assertThat(m.username).isPositive();
        assertThat(m.iceControlled).isPositive();
        assertThat(m.priority).isPositive();
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertThat(integrity.verifyFingerprint(REQUEST, 0, m.fingerprint)).isTrue();
        assertThat(integrity.verify(REQUEST, 0, m.messageIntegrity)).isTrue();
        assertThat(new StunIntegrity("wrong").verify(REQUEST, 0, m.messageIntegrity)).isFalse();
        assertThat(Stun.localUfrag(REQUEST, 0, REQUEST.length)).isEqualTo("evtj");
    }

    @Test
    void requestAtAnOffsetInALargerBuffer() {
        byte[] big = new byte[REQUEST.length + 37];
        System.arraycopy(REQUEST, 0, big, 7, REQUEST.length);
        assertThat(Stun.isStun(big, 7, REQUEST.length)).isTrue();
        assertThat(Stun.localUfrag(big, 7, REQUEST.length)).isEqualTo("evtj");
        StunMessage m = new StunMessage();
        assertThat(m.parse(big, 7, REQUEST.length)).isTrue();
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertThat(integrity.verifyFingerprint(big, 7, m.fingerprint)).isTrue();
        assertThat(integrity.verify(big, 7, m.messageIntegrity)).isTrue();
    }

    @Test
    void requestWithIceControlledGetsRoleConflictFromALiteAgent() {
        IceLiteAgent agent = new IceLiteAgent(new IceCredentials("evtj", PASSWORD), "h6vY", "irrelevant-remote-pwd");
        byte[] out = new byte[256];
        int n = agent.onBindingRequest(REQUEST, 0, REQUEST.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000), 0, out, 0);
        assertThat(n).isPositive();
        assertThat(Stun.parseBindingErrorCode(out, 0, n, TID)).isEqualTo(487);
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void ipv4ResponseDecodes() throws Exception {
        InetSocketAddress a = Stun.parseBindingSuccess(RESPONSE_V4, 0, RESPONSE_V4.length, TID, PASSWORD);
        assertThat(a).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(Stun.parseBindingSuccess(RESPONSE_V4, 0, RESPONSE_V4.length, TID, "bad")).isNull();
        byte[] otherTid = TID.clone();
        otherTid[0] ^= 1;
        assertThat(Stun.parseBindingSuccess(RESPONSE_V4, 0, RESPONSE_V4.length, otherTid, PASSWORD)).isNull();
    }

    @Test
    void ipv6ResponseDecodes() throws Exception {
        InetSocketAddress a = Stun.parseBindingSuccess(RESPONSE_V6, 0, RESPONSE_V6.length, TID, PASSWORD);
        assertThat(a).isEqualTo(new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    @Test
    void xorAddressRoundTripsThroughTheWriter() throws Exception {
        for (String ip : new String[] {"192.0.2.1", "2001:db8:1234:5678:11:2233:4455:6677"}) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(ip), 32853);
            byte[] out = new byte[64];
            StunWriter.header(out, 0, StunConstants.BINDING_SUCCESS, TID, 0);
            int end = XorAddress.write(out, 0, StunConstants.HEADER, a);
            assertThat(end - StunConstants.HEADER).isEqualTo(XorAddress.attributeSize(a));
            assertThat(XorAddress.read(out, 0, StunConstants.HEADER)).isEqualTo(a);
        }
        // the IPv4 attribute bytes match RFC 5769 §2.2 exactly
        byte[] out = new byte[64];
        StunWriter.header(out, 0, StunConstants.BINDING_SUCCESS, TID, 0);
        XorAddress.write(out, 0, 20, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(HexFormat.of().formatHex(out, 20, 32)).isEqualTo("002000080001a147e112a643");
    }
}
