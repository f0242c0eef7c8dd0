package io.carillon.media.session;

import io.carillon.media.audio.AudioProfile;
import io.carillon.media.audio.AudioSink;
import io.carillon.media.audio.Participant;
import io.carillon.media.audio.RedPayload;
import io.carillon.media.dtls.DtlsListener;
import io.carillon.media.dtls.DtlsServerSession;
import io.carillon.media.dtls.DtlsSrtpKeys;
import io.carillon.media.ice.IceLiteAgent;
import io.carillon.media.meeting.MediaMeeting;
import io.carillon.media.rtp.ReceiveStatistics;
import io.carillon.media.rtp.RtcpCompound;
import io.carillon.media.rtp.RtcpPackets;
import io.carillon.media.rtp.RtcpWriter;
import io.carillon.media.rtp.RtpHeader;
import io.carillon.media.rtp.SendStatistics;
import io.carillon.media.sdp.AnswerBuilder;
import io.carillon.media.sdp.AudioNegotiation;
import io.carillon.media.sdp.SessionDescription;
import io.carillon.media.srtp.SrtpProfile;
import io.carillon.media.srtp.SrtpSession;
import io.carillon.media.transport.MediaEndpoint;
import io.carillon.media.transport.PacketKind;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One client peer connection of a meeting, and the whole media path of it, top to bottom:
 *
 * <pre>
 * datagram ─┬─ STUN  → ICE-lite agent → Binding response; a nomination binds the address
 *           ├─ DTLS  → handshake (off the loop) → SRTP keys
 *           └─ SRTP  → unprotect ─┬─ RTCP → receive statistics
 *                                 └─ RTP  → receive statistics → (RED unpack) → mixer jitter buffer
 * mixer tick → {@link #sendFrame} → RTP header → SRTP protect → datagram to the nominated address
 * </pre>
 *
 * Confined to its meeting's event loop, except the DTLS callbacks, which hop back onto it.
 */
public final class MediaSession implements MediaEndpoint, AudioSink {

    private static final Logger LOG = Logger.getLogger(MediaSession.class);
    /** Opus at 48 kHz, 20 ms frames (RFC 7587 §4.1: the RTP clock is always 48 kHz). */
    static final int SAMPLES_PER_FRAME = 960;
    /** One RTCP report a second: the client sizes its audio redundancy from our receiver reports. */
    static final int REPORT_EVERY_FRAMES = 50;
    static final int OPUS_CLOCK = 48000;

    private final MediaMeeting meeting;
    private final SessionPlumbing plumbing;
    private final String sessionId;
    private final String attendeeId;
    private final IceLiteAgent ice;
    private final DtlsServerSession dtls;
    private final AnswerBuilder answers;
    private final int ssrc;
    private final long createdNanos = System.nanoTime();
    private long iceConnectedNanos;
    private final byte[] out = new byte[1500];
    private final ReceiveCounters counters = new ReceiveCounters();
    private final RedPayload red = new RedPayload();
    /** STUN and DTLS per session: browsers send a handful per second (checks, consent, a handshake's flights). */
    private final PacketBudget controlBudget = new PacketBudget(50, 100);
    private final SendStatistics sendStatistics;
    private final ReceiveStatistics[] reportBlocks = new ReceiveStatistics[1];
    private final RtcpCompound compound = new RtcpCompound();
    private ReceiveStatistics clientAudio;
    /** What the last once-a-second report passed to the instance's reception metrics. */
    private long reportedExpected;
    private long reportedLost;
    private int framesUntilReport = REPORT_EVERY_FRAMES;

    private long audioStreamId;
    private int answerVersion = 1;
    private String lastOffer;
    private String lastAnswer;
    private AudioNegotiation audio;
    private Participant participant;
    private InetSocketAddress address;
    private SrtpSession srtp;
    private boolean closed;
    private int sequence;
    private long rtpTimestamp;

    public MediaSession(MediaMeeting meeting, SessionPlumbing plumbing, String sessionId, String attendeeId, long audioStreamId,
            IceLiteAgent ice, DtlsStarter dtlsStarter, AnswerBuilder answers, int ssrc) {
        this.meeting = meeting;
        this.plumbing = plumbing;
        this.sessionId = sessionId;
        this.attendeeId = attendeeId;
        this.audioStreamId = audioStreamId;
        this.ice = ice;
        this.answers = answers;
        this.ssrc = ssrc;
        this.sendStatistics = new SendStatistics(ssrc);
        // RFC 3550 5.1: random initial sequence number and timestamp
        this.sequence = ThreadLocalRandom.current().nextInt(1 << 16);
        this.rtpTimestamp = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
        this.dtls = dtlsStarter.create(this::sendDtls, new DtlsListener() {
            @Override
            public void onConnected(DtlsSrtpKeys keys) {
                loop().execute(() -> dtlsConnected(keys));
            }

            @Override
            public void onFailed(String reason) {
                loop().execute(() -> dtlsFailed(reason));
            }
        });
    }

    // ---- the media path ----

    @Override
    public void onDatagram(PacketKind kind, byte[] b, int off, int len, InetSocketAddress from) {
        if (closed) {
            return;
        }
        switch (kind) {
            case STUN -> {
                // the connected address's checks always count (consent must survive a flood of
                // forged checks from elsewhere); every other source shares the budget
                if (from.equals(address) || controlBudget.take(System.nanoTime())) {
                    stun(b, off, len, from);
                } else {
                    counters.rejected++;
                }
            }
            case DTLS -> {
                if (from.equals(address) && controlBudget.take(System.nanoTime())) {
                    dtls.onDatagram(b, off, len);
                }
            }
            case RTP_OR_RTCP -> {
                if (srtp != null && from.equals(address)) {
                    if (PacketKind.isRtcp(b, off, len)) {
                        rtcp(b, off, len);
                    } else {
                        rtp(b, off, len);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void stun(byte[] b, int off, int len, InetSocketAddress from) {
        int n = ice.onBindingRequest(b, off, len, from, System.nanoTime(), out, 0);
        if (n <= 0) {
            return;
        }
        boolean success = (out[0] & 0xff) == 0x01 && (out[1] & 0xff) == 0x01; // RFC 8489 Binding success response
        InetSocketAddress selected = ice.selectedAddress();
        // the browser starts DTLS as soon as one check succeeded, nominated or not: take the first
        // validated address until a nomination names one (RFC 8445 7.3.1.5: it then takes over)
        InetSocketAddress wanted = selected != null ? selected : (address == null && success ? from : null);
        if (wanted != null && !wanted.equals(address)) {
            plumbing.directory().bindAddress(wanted, address, this);
            boolean first = address == null;
            address = wanted;
            if (first) {
                iceConnectedNanos = System.nanoTime();
                plumbing.metrics().iceConnected(iceConnectedNanos - createdNanos);
                dtls.start();
            }
        }
        // answered only now: the client starts DTLS on this answer, and its first record must find
        // the address bound and the handshake started (else it waits out a DTLS retransmission, 1 s)
        plumbing.transport().send(out, 0, n, from);
    }

    private void rtp(byte[] b, int off, int len) {
        int n = srtp.unprotectRtp(b, off, len);
        if (n < 0) {
            counters.rejected++;
            return;
        }
        counters.packets++;
        if (audio == null || participant == null || !RtpHeader.isValid(b, off, n)) {
            return;
        }
        int pt = RtpHeader.payloadType(b, off);
        long timestamp = RtpHeader.timestamp(b, off);
        receiveStatistics(RtpHeader.ssrc(b, off)).onPacket(RtpHeader.sequenceNumber(b, off), timestamp, System.nanoTime());
        int level = audio.audioLevelExtension() > 0 ? RtpHeader.audioLevel(b, off, n, audio.audioLevelExtension()) : -1;
        if (level >= 0) {
            level &= 0x7f;
        }
        int payload = off + RtpHeader.payloadOffset(b, off, n);
        int payloadLength = RtpHeader.payloadLength(b, off, n);
        if (payloadLength <= 0) {
            return;
        }
        if (pt == audio.opusPayloadType()) {
            meeting.mixer().onFrame(participant, timestamp, level, b, payload, payloadLength);
        } else if (pt == audio.redPayloadType()) {
            redundantAudio(b, payload, payloadLength, timestamp, level);
        }
    }

    /** RFC 2198: the redundant (older) Opus frames first, then the primary; the jitter buffer drops what it has. */
    private void redundantAudio(byte[] b, int payload, int payloadLength, long timestamp, int level) {
        if (!red.parse(b, payload, payloadLength)) {
            counters.rejected++;
            return;
        }
        while (red.next()) {
            if (red.payloadType() == audio.opusPayloadType() && red.length() > 0) {
                meeting.mixer().onFrame(participant, red.timestamp(timestamp), level, b, red.offset(), red.length());
            }
        }
    }

    /** The client's audio SSRC: the first one seen (a browser sends one audio stream per connection). */
    private ReceiveStatistics receiveStatistics(int clientSsrc) {
        if (clientAudio == null || clientAudio.ssrc() != clientSsrc && clientAudio.received() == 0) {
            clientAudio = new ReceiveStatistics(clientSsrc, OPUS_CLOCK);
            reportBlocks[0] = clientAudio;
        }
        return clientAudio;
    }

    /** The client's sender reports give LSR/DLSR for our receiver reports (RFC 3550 6.4.1). */
    private void rtcp(byte[] b, int off, int len) {
        int n = srtp.unprotectRtcp(b, off, len);
        if (n < 0) {
            counters.rejected++;
            return;
        }
        compound.reset(b, off, n);
        while (compound.next()) {
            if (compound.isCompleteSenderReport() && clientAudio != null && compound.senderSsrc() == clientAudio.ssrc()) {
                clientAudio.onSenderReport(RtcpPackets.srNtpMiddle32(b, compound.offset()), System.nanoTime());
            }
        }
    }

    /** A sender report for our mix with a report block for the client's audio, once a second. */
    private void report(long rtpTimestamp) {
        countReception();
        int n = RtcpWriter.writeSenderReport(out, 0, sendStatistics, RtcpPackets.ntpFromUnixMillis(System.currentTimeMillis()),
                rtpTimestamp, reportBlocks, clientAudio == null ? 0 : 1, System.nanoTime());
        if (n > 0) {
            n = srtp.protectRtcp(out, 0, n);
            if (n > 0) {
                plumbing.transport().send(out, 0, n, address);
            }
        }
    }

    /** The mixer's frame for this listener, once per tick: RTP header, SRTP, out. */
    @Override
    public void sendFrame(byte[] opus, int off, int len) {
        int seq = sequence;
        long ts = rtpTimestamp;
        sequence = (sequence + 1) & 0xffff;
        rtpTimestamp = (rtpTimestamp + SAMPLES_PER_FRAME) & 0xffffffffL;
        if (srtp == null || address == null || audio == null || len + 12 + SrtpSession.MAX_OVERHEAD > out.length) {
            return;
        }
        int header = RtpHeader.write(out, 0, audio.opusPayloadType(), false, seq, ts, ssrc);
        System.arraycopy(opus, off, out, header, len);
        int n = srtp.protectRtp(out, 0, header + len);
        if (n > 0) {
            plumbing.transport().send(out, 0, n, address);
            counters.sent++;
            sendStatistics.onPacketSent(len, ts);
            if (--framesUntilReport <= 0) {
                framesUntilReport = REPORT_EVERY_FRAMES;
                report(ts);
            }
        }
    }

    // ---- negotiation (on the meeting loop) ----

    /** Answers an offer on this connection: ICE credentials, fingerprint and SSRC stay the same. */
    public String answer(SessionDescription offer, String offerText, boolean muted) {
        AnswerBuilder.Answer answer = answers.answer(offer, answerVersion++);
        lastOffer = offerText;
        lastAnswer = answer.sdp();
        AudioNegotiation negotiated = answer.audio();
        if (participant == null && negotiated != null) {
            participant = meeting.mixer().join(sessionId, AudioProfile.fromFmtp(negotiated.opusFmtp()), this);
            meeting.applyExclusions(this);
        }
        audio = negotiated;
        setMuted(muted);
        return answer.sdp();
    }

    public void setMuted(boolean muted) {
        if (participant != null) {
            meeting.mixer().setMuted(participant, muted);
        }
    }

    private void dtlsConnected(DtlsSrtpKeys keys) {
        if (closed) {
            return;
        }
        SrtpProfile profile = SrtpProfile.fromDtlsId(keys.protectionProfile());
        if (profile == null) {
            dtlsFailed("DTLS selected an SRTP profile we do not support: " + keys.protectionProfile());
            return;
        }
        srtp = SrtpSession.fromDtlsKeyingMaterial(profile, keys.keyingMaterial(), true);
        long now = System.nanoTime();
        plumbing.metrics().handshakeCompleted(now - createdNanos, now - iceConnectedNanos);
        LOG.debugf("session %s of meeting %s: DTLS-SRTP up (%s) from %s", sessionId, meeting.id(), profile, address);
    }

    private void dtlsFailed(String reason) {
        plumbing.metrics().handshakeFailed();
        LOG.infof("session %s of meeting %s: DTLS failed: %s", sessionId, meeting.id(), reason);
        meeting.remove(this);
    }

    private void sendDtls(byte[] b, int off, int len) {
        InetSocketAddress to = address;
        if (to != null) {
            plumbing.transport().send(b, off, len, to);
        }
    }

    /** Called once per second by the meeting: consent freshness and connect timeout. */
    public boolean expired(long nowNanos) {
        if (address == null || srtp == null) {
            return nowNanos - createdNanos > plumbing.connectTimeoutNanos();
        }
        return ice.consentExpired(nowNanos);
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dtls.close();
        plumbing.directory().remove(ice.localCredentials().ufrag(), address, this);
        if (participant != null) {
            meeting.mixer().leave(participant);
            participant = null;
        }
    }

    // ---- accessors ----

    @Override
    public EventLoop loop() {
        return meeting.loop();
    }

    public String id() {
        return sessionId;
    }

    public String attendeeId() {
        return attendeeId;
    }

    public long audioStreamId() {
        return audioStreamId;
    }

    public void audioStreamId(long id) {
        if (id > 0) {
            audioStreamId = id;
        }
    }

    public Participant participant() {
        return participant;
    }

    public String lastOffer() {
        return lastOffer;
    }

    public String lastAnswer() {
        return lastAnswer;
    }

    public boolean connected() {
        return srtp != null;
    }

    public ReceiveCounters counters() {
        return counters;
    }

    /** How this session's audio arrives: the RTCP receive statistics of its audio SSRC (RFC 3550 A.3, A.8). On the loop. */
    public Reception reception() {
        ReceiveStatistics audio = clientAudio;
        if (audio == null) {
            return Reception.NONE;
        }
        return new Reception(audio.expected(), Math.max(0, audio.cumulativeLost()), audio.jitter() * 1000.0 / OPUS_CLOCK);
    }

    /** Packets expected from the client's audio SSRC, of them lost (duplicates netted out), and the interarrival jitter. */
    public record Reception(long expected, long lost, double jitterMillis) {
        public static final Reception NONE = new Reception(0, 0, 0);
    }

    /** The instance's reception metrics, once a second: what was expected and lost since the last time, the jitter now. */
    private void countReception() {
        if (clientAudio == null) {
            return;
        }
        Reception now = reception();
        long lost = now.lost() > reportedLost ? now.lost() - reportedLost : 0;
        plumbing.metrics().reception(now.expected() - reportedExpected, lost, now.jitterMillis());
        reportedExpected = now.expected();
        reportedLost = Math.max(reportedLost, now.lost());
    }

    /** Per-session packet counters, read by metrics. */
    public static final class ReceiveCounters {
        public long packets;
        public long rejected;
        public long sent;
    }
}
