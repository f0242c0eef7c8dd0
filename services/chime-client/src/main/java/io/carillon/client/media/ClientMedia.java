package io.carillon.client.media;

import io.carillon.client.audio.AudioReceiver;
import io.carillon.client.audio.AudioSource;
import io.carillon.media.dtls.DtlsCertificate;
import io.carillon.media.dtls.DtlsClientSession;
import io.carillon.media.dtls.DtlsListener;
import io.carillon.media.dtls.DtlsSrtpKeys;
import io.carillon.media.ice.IceCredentials;
import io.carillon.media.ice.Stun;
import io.carillon.media.rtp.RtcpPackets;
import io.carillon.media.rtp.RtpHeader;
import io.carillon.media.srtp.SrtpProfile;
import io.carillon.media.srtp.SrtpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client peer connection as a browser runs it against an ICE-lite server: ICE controlling
 * (aggressive nomination), DTLS client, SRTP, one Opus frame every 20 ms with its audio level
 * (RFC 6464 in a one-byte header extension, RFC 8285). Driven by a {@link MediaLoop}: datagrams and
 * ticks arrive on the loop's thread; the DTLS handshake runs on the given executor.
 */
public final class ClientMedia {

    static final long CHECK_INTERVAL_NANOS = 50_000_000L;
    /** RFC 7675: browsers send consent checks every ~5 s (randomised); fewer than 30 s apart keeps consent. */
    static final long CONSENT_INTERVAL_NANOS = 2_500_000_000L;

    private final DatagramChannel channel;
    private final IceCredentials ice = IceCredentials.generate();
    private final DtlsCertificate certificate;
    private final AudioSource source;
    private final AudioReceiver receiver;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
    private final byte[] out = new byte[1500];
    private final ByteBuffer outBuffer = ByteBuffer.wrap(out);
    private final byte[] transactionId = new byte[12];
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();

    private Answer answer;
    private DtlsClientSession dtls;
    private volatile SrtpSession srtp;
    private volatile boolean iceConnected;
    private volatile boolean muted;
    private long nextCheckNanos;
    private int checksSent;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
    private long sent;
    private long received;
    private long rejected;
    private long firstAudioNanos;
    private final long createdNanos = System.nanoTime();

    /** @param receiver decodes what arrives (tests), or null to only count it (load) */
    public ClientMedia(DtlsCertificate certificate, AudioSource source, AudioReceiver receiver) {
        this.certificate = certificate;
        this.source = source;
        this.receiver = receiver;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String offer(boolean red) {
        return Offer.audio(ice.ufrag(), ice.pwd(), certificate.sha256Fingerprint(), "127.0.0.1", localPort(), ssrc, red);
    }

    /** The server's answer arrived: connect (ICE, then DTLS) from the next ticks on. */
    public void connect(Answer answer, Executor handshakes) {
        this.answer = answer;
        this.dtls = new DtlsClientSession(certificate, answer.fingerprint(), this::sendRaw, handshakes, new DtlsListener() {
            @Override
            public void onConnected(DtlsSrtpKeys keys) {
                srtp = SrtpSession.fromDtlsKeyingMaterial(SrtpProfile.fromDtlsId(keys.protectionProfile()),
                        keys.keyingMaterial(), false);
            }

            @Override
            public void onFailed(String reason) {
                System.err.println("client DTLS failed: " + reason);
            }
        });
    }

    // ---- on the loop ----

    void tick(long now) {
        if (answer == null) {
            return;
        }
        if (now >= nextCheckNanos) {
            nextCheckNanos = now + (iceConnected ? CONSENT_INTERVAL_NANOS : CHECK_INTERVAL_NANOS);
            // retransmissions keep their transaction (RFC 8489 6.2.1): a slow answer still counts
            if (iceConnected || ++checksSent % 10 == 1) {
                ThreadLocalRandom.current().nextBytes(transactionId);
            }
            // RFC 8445 5.1.2.1 priority of a peer-reflexive candidate: type preference 110
            int priority = (110 << 24) | (65535 << 8) | 255;
            int n = Stun.writeBindingRequest(out, 0, transactionId, answer.iceUfrag() + ":" + ice.ufrag(), answer.icePwd(),
                    priority, true, tieBreaker);
            sendRaw(out, 0, n);
        }
        SrtpSession keys = srtp;
        if (keys != null) {
            sendAudio(keys);
        }
    }

    private void sendAudio(SrtpSession keys) {
        int header = RtpHeader.write(out, 0, answer.opusPayloadType(), false, sequence, timestamp, (int) ssrc);
        sequence = (sequence + 1) & 0xffff;
        timestamp = (timestamp + 960) & 0xffffffffL;
        // RFC 8285 one-byte extension block with the RFC 6464 audio level
        out[0] |= 0x10;
        out[header] = (byte) 0xBE;
        out[header + 1] = (byte) 0xDE;
        out[header + 2] = 0;
        out[header + 3] = 1;
        out[header + 4] = (byte) (Offer.AUDIO_LEVEL_EXTENSION << 4);
        int payloadAt = header + 8;
        int length = muted ? silence(payloadAt) : source.nextFrame(out, payloadAt);
        int level = muted ? 127 : source.level();
        out[header + 5] = (byte) ((level < 127 ? 0x80 : 0) | level);
        out[header + 6] = 0;
        out[header + 7] = 0;
        int n = keys.protectRtp(out, 0, payloadAt + length);
        if (n > 0) {
            sendRaw(out, 0, n);
            sent++;
        }
    }

    private int silence(int at) {
        out[at] = (byte) 0xF8;
        out[at + 1] = (byte) 0xFF;
        out[at + 2] = (byte) 0xFE;
        return 3;
    }

    void onDatagram(byte[] b, int len) {
        int first = b[0] & 0xff;
        if (first <= 3) {
            if (Stun.parseBindingSuccess(b, 0, len, transactionId, answer.icePwd()) != null && !iceConnected) {
                iceConnected = true;
                dtls.start();
            }
        } else if (first >= 20 && first <= 63) {
            if (dtls != null) {
                dtls.onDatagram(b, 0, len);
            }
        } else if (first >= 128 && first <= 191) {
            SrtpSession keys = srtp;
            if (keys == null) {
                return;
            }
            if (RtcpPackets.isRtcp(b, 0, len)) {
                keys.unprotectRtcp(b, 0, len);
                return;
            }
            int n = keys.unprotectRtp(b, 0, len);
            if (n < 0 || !RtpHeader.isValid(b, 0, n)) {
                rejected++;
                return;
            }
            if (received++ == 0) {
                firstAudioNanos = System.nanoTime();
            }
            if (receiver != null) {
                receiver.onOpus(b, RtpHeader.payloadOffset(b, 0, n), RtpHeader.payloadLength(b, 0, n));
            }
        }
    }

    private void sendRaw(byte[] b, int off, int len) {
        try {
            synchronized (channel) {
                channel.send(ByteBuffer.wrap(b, off, len), answer.candidate());
            }
        } catch (IOException e) {
            // UDP: a lost datagram
        }
    }

    // ---- state ----

    public DatagramChannel channel() {
        return channel;
    }

    public int localPort() {
        return channel.socket().getLocalPort();
    }

    /** The server's SDP answer as this client read it (null before it arrived). */
    public Answer answer() {
        return answer;
    }

    /** Where the server's answer says its media is (null before the answer). */
    public InetSocketAddress serverAddress() {
        return answer == null ? null : answer.candidate();
    }

    public boolean connected() {
        return srtp != null;
    }

    public void mute(boolean muted) {
        this.muted = muted;
    }

    public long sent() {
        return sent;
    }

    public long received() {
        return received;
    }

    public long rejected() {
        return rejected;
    }

    /** From creation to the first audio packet received, or -1. */
    public long nanosToFirstAudio() {
        return received == 0 ? -1 : firstAudioNanos - createdNanos;
    }

    public AudioReceiver receiver() {
        return receiver;
    }

    public void close() {
        if (dtls != null) {
            dtls.close();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing
        }
    }
}
