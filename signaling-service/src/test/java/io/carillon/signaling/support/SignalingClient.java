package io.carillon.signaling.support;

import io.carillon.signaling.protocol.ChimeSignaling.SdkJoinFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import io.restassured.RestAssured;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A signaling client speaking the Chime protocol the way amazon-chime-sdk-js does, for tests. */
public final class SignalingClient implements AutoCloseable {

    private WebSocket socket;
    private final LinkedBlockingQueue<SdkSignalFrame> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final List<SdkSignalFrame> seen = new ArrayList<>();

    private SignalingClient() {
    }

    /** Opens /control/{meetingId} on the signaling-service under test with this join token. */
    public static SignalingClient connect(String meetingId, String joinToken) {
        return connect("ws://localhost:" + RestAssured.port, meetingId, joinToken);
    }

    public static SignalingClient connect(String baseUrl, String meetingId, String joinToken) {
        return connect(baseUrl, meetingId, joinToken, null);
    }

    /** Over wss with this TLS context (a test's self-signed certificate). */
    public static SignalingClient connect(String baseUrl, String meetingId, String joinToken, javax.net.ssl.SSLContext tls) {
        SignalingClient client = new SignalingClient();
        Listener listener = new Listener(client);
        HttpClient.Builder http = HttpClient.newBuilder();
        if (tls != null) {
            http.sslContext(tls);
        }
        client.socket = http.build().newWebSocketBuilder()
                .subprotocols("_aws_wt_session", joinToken)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(baseUrl + "/control/" + meetingId + "?X-Chime-Control-Protocol-Version=3"), listener)
                .join();
        return client;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(SdkSignalFrame frame) {
        sendRaw(Frames.encode(frame));
    }

    public void sendRaw(byte[] message) {
        socket.sendBinary(ByteBuffer.wrap(message), true).join();
    }

    /** JOIN as the Chime client sends it. */
    public void join(long audioSessionId) {
        send(Frames.frame(SdkSignalFrame.Type.JOIN).setJoin(SdkJoinFrame.newBuilder().setProtocolVersion(2)
                .setFlags(2).setAudioSessionId(audioSessionId).setWantsCompressedSdp(true)).build());
    }

    /** The next frame of this type (frames of other types are kept in {@link #seen()}). */
    public SdkSignalFrame await(SdkSignalFrame.Type type) {
        return await(f -> f.getType() == type, type.name());
    }

    public SdkSignalFrame await(Predicate<SdkSignalFrame> wanted, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                SdkSignalFrame frame = received.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    seen.add(frame);
                    if (wanted.test(frame)) {
                        return frame;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no " + what + " within 10 s; frames seen: " + seen.stream().map(SdkSignalFrame::getType).toList());
    }

    /** Frames that arrive within this time. */
    public List<SdkSignalFrame> drain(Duration within) {
        List<SdkSignalFrame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                SdkSignalFrame frame = received.poll(50, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    frames.add(frame);
                    seen.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return frames;
    }

    public List<SdkSignalFrame> seen() {
        return seen;
    }

    /** The close code the server sent, within 10 s. */
    public int awaitClose() {
        try {
            return closeCode.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the socket within 10 s");
        }
    }

    public boolean closed() {
        return closeCode.isDone();
    }

    /** Drops the connection without a LEAVE, as a lost network does. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "bye");
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final SignalingClient client;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Listener(SignalingClient client) {
            this.client = client;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                try {
                    client.received.add(Frames.decode(partial.toByteArray()));
                } catch (Frames.MalformedFrameException e) {
                    throw new AssertionError("the server sent a malformed frame", e);
                }
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            client.closeCode.complete(1006);
        }
    }
}
