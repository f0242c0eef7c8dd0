package io.carillon.client.signaling;

import io.carillon.signaling.protocol.ChimeSignaling.SdkJoinFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The signaling WebSocket as amazon-chime-sdk-js opens it: the meeting's SignalingUrl, subprotocols
 * {@code _aws_wt_session, <JoinToken>}, frames {@code 0x05 + SdkSignalFrame} both ways.
 */
public final class SignalingChannel implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The Chime client pings every 10 s; a server drops a silent session. */
    static final long PING_INTERVAL_SECONDS = 10;
    static final int KEPT_FRAMES = 1000;
    private static final ScheduledExecutorService PINGS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "signaling-pings");
        thread.setDaemon(true);
        return thread;
    });

    /** Frames not awaited yet; the oldest go once it is full (volume frames arrive 5 times a second, forever). */
    private final LinkedBlockingQueue<SdkSignalFrame> received = new LinkedBlockingQueue<>(KEPT_FRAMES);
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final List<SdkSignalFrame> seen = new ArrayList<>();
    private volatile Consumer<SdkSignalFrame> tap = frame -> { };
    private volatile boolean keeping = true;
    private WebSocket socket;
    private ScheduledFuture<?> pinger;
    private int pingId;

    private SignalingChannel() {
    }

    /** @param signalingUrl the meeting's MediaPlacement.SignalingUrl, unchanged */
    public static SignalingChannel open(String signalingUrl, String joinToken) {
        SignalingChannel channel = new SignalingChannel();
        channel.socket = HTTP.newWebSocketBuilder()
                .subprotocols("_aws_wt_session", joinToken)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(signalingUrl + "?X-Chime-Control-Protocol-Version=3"), channel.new Listener())
                .join();
        channel.pinger = PINGS.scheduleAtFixedRate(channel::ping, 0, PING_INTERVAL_SECONDS, TimeUnit.SECONDS);
        return channel;
    }

    private void ping() {
        try {
            if (!closed()) {
                send(Frames.frame(SdkSignalFrame.Type.PING_PONG).setPingPong(SdkPingPongFrame.newBuilder()
                        .setType(SdkPingPongType.PING).setPingId(++pingId)).build());
            }
        } catch (RuntimeException e) {
            // the socket is going away; the close code tells the caller
        }
    }

    /** Sees every frame as it arrives (on the WebSocket's thread), before {@link #await}. */
    public void tap(Consumer<SdkSignalFrame> tap) {
        this.tap = tap;
    }

    /**
     * From now on frames only reach the {@link #tap}; none are kept for {@link #await}. For a load
     * generator: a session keeps up to {@link #KEPT_FRAMES} frames otherwise (volume frames come 5 times
     * a second), and thousands of sessions' worth of them made its garbage collector pause for 30-100 ms,
     * which the server saw as arrival jitter.
     */
    public void keepNothing() {
        keeping = false;
        received.clear();
    }

    public synchronized void send(SdkSignalFrame frame) {
        socket.sendBinary(ByteBuffer.wrap(Frames.encode(frame)), true).join();
    }

    /** JOIN as the Chime client sends it (HAS_STREAM_UPDATE). */
    public void join(long audioSessionId) {
        send(Frames.frame(SdkSignalFrame.Type.JOIN).setJoin(SdkJoinFrame.newBuilder().setProtocolVersion(2)
                .setFlags(2).setAudioSessionId(audioSessionId).setWantsCompressedSdp(false)).build());
    }

    public SdkSignalFrame await(SdkSignalFrame.Type type, Duration within) {
        return await(f -> f.getType() == type, type.name(), within);
    }

    public SdkSignalFrame await(Predicate<SdkSignalFrame> wanted, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                SdkSignalFrame frame = received.poll(50, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    synchronized (seen) {
                        if (seen.size() >= KEPT_FRAMES) {
                            seen.remove(0);
                        }
                        seen.add(frame);
                    }
                    if (wanted.test(frame)) {
                        return frame;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no " + what + " within " + within + "; frames seen: " + types());
    }

    private List<SdkSignalFrame.Type> types() {
        synchronized (seen) {
            return seen.stream().map(SdkSignalFrame::getType).toList();
        }
    }

    public boolean closed() {
        return closeCode.isDone();
    }

    public int closeCode() {
        return closeCode.getNow(0);
    }

    @Override
    public void close() {
        pinger.cancel(false);
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // closing anyway
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                try {
                    SdkSignalFrame frame = Frames.decode(partial.toByteArray());
                    tap.accept(frame);
                    while (keeping && !received.offer(frame)) {
                        received.poll();
                    }
                } catch (Frames.MalformedFrameException e) {
                    // a client keeps going; the test sees the frame missing
                }
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
