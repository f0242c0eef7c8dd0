// Joins a Carillon meeting over signaling the way amazon-chime-sdk-js does, with nothing but the
// JDK (run as a single-file program: java Join.java <SignalingUrl>/control/<MeetingId> <JoinToken>).
//
// Opens the WebSocket with subprotocols "_aws_wt_session, <JoinToken>", checks that
// "_aws_wt_session" is echoed, sends JOIN (0x05 + SdkSignalFrame, hand-encoded protobuf), and
// waits for JOIN_ACK and INDEX; prints the TURN credentials of the JOIN_ACK, if any, as
//   turn <username> <password> <uri>...
// then sends LEAVE, waits for LEAVE_ACK and closes. Exit 0 when all of that happened in 20 s.
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

public class Join {
    static final int JOIN = 1, JOIN_ACK = 2, INDEX = 5, LEAVE = 9, LEAVE_ACK = 10, AUDIO_STATUS = 20;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java Join.java <ws://host:port/control/MeetingId> <JoinToken>");
            System.exit(2);
        }
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            final ByteArrayOutputStream partial = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partial.writeBytes(chunk);
                if (last) {
                    inbox.add(partial.toByteArray());
                    partial.reset();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                inbox.add("closed " + status + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                inbox.add("error " + error);
            }
        };
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        WebSocket ws = http.newWebSocketBuilder()
                .subprotocols("_aws_wt_session", args[1])
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(args[0]), listener).get(10, TimeUnit.SECONDS);
        System.out.println("upgrade: subprotocol " + ws.getSubprotocol());
        if (!"_aws_wt_session".equals(ws.getSubprotocol())) {
            fail("the server did not echo _aws_wt_session");
        }

        // JOIN { protocol_version 2, max_num_of_videos 25, audio_session_id <random> }
        ByteArrayOutputStream join = new ByteArrayOutputStream();
        varintField(join, 1, 2);
        varintField(join, 2, 25);
        varintField(join, 6, ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        send(ws, JOIN, 4, join.toByteArray());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean joinAck = false, index = false, leaveSent = false;
        while (true) {
            long left = deadline - System.nanoTime();
            Object message = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (message == null) {
                fail("timed out (JOIN_ACK " + joinAck + ", INDEX " + index + ", LEAVE sent " + leaveSent + ")");
            }
            if (message instanceof String text) {
                fail("socket " + text + " before the join completed");
            }
            byte[] frame = (byte[]) message;
            if (frame.length == 0 || frame[0] != 0x05) {
                fail("not a signal frame");
            }
            Reader r = new Reader(frame, 1, frame.length);
            if (System.getenv("JOIN_DEBUG") != null) {
                System.out.println("frame " + java.util.HexFormat.of().formatHex(frame));
            }
            int type = 0;
            byte[] joinAckBody = null;
            while (r.more()) {
                int tag = (int) r.varint();
                int field = tag >>> 3;
                if (field == 2 && (tag & 7) == 0) {
                    type = (int) r.varint();
                } else if (field == 5 && (tag & 7) == 2) {
                    joinAckBody = r.bytes();
                } else {
                    r.skip(tag & 7);
                }
            }
            switch (type) {
                case JOIN_ACK -> {
                    joinAck = true;
                    System.out.println("JOIN_ACK");
                    printTurn(joinAckBody);
                }
                case INDEX -> {
                    index = true;
                    System.out.println("INDEX");
                }
                case AUDIO_STATUS -> fail("AUDIO_STATUS from the server (token refused?)");
                case LEAVE_ACK -> {
                    System.out.println("LEAVE_ACK");
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                    System.out.println("joined and left");
                    System.exit(0);
                }
                default -> System.out.println("frame type " + type);
            }
            if (joinAck && index && !leaveSent) {
                send(ws, LEAVE, 11, new byte[0]);
                leaveSent = true;
            }
        }
    }

    static void printTurn(byte[] joinAck) {
        if (joinAck == null) {
            return;
        }
        Reader r = new Reader(joinAck, 0, joinAck.length);
        while (r.more()) {
            int tag = (int) r.varint();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                byte[] turn = r.bytes();
                Reader t = new Reader(turn, 0, turn.length);
                String user = "", password = "";
                List<String> uris = new ArrayList<>();
                while (t.more()) {
                    int ttag = (int) t.varint();
                    switch (ttag >>> 3) {
                        case 1 -> user = t.string();
                        case 2 -> password = t.string();
                        case 4 -> uris.add(t.string());
                        default -> t.skip(ttag & 7);
                    }
                }
                System.out.println("turn " + user + " " + password + " " + String.join(" ", uris));
            } else {
                r.skip(tag & 7);
            }
        }
    }

    static void send(WebSocket ws, int type, int field, byte[] body) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x05);
        varintField(frame, 1, System.currentTimeMillis());
        varintField(frame, 2, type);
        varint(frame, (long) field << 3 | 2);
        varint(frame, body.length);
        frame.writeBytes(body);
        ws.sendBinary(ByteBuffer.wrap(frame.toByteArray()), true).get(5, TimeUnit.SECONDS);
    }

    static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void fail(String why) {
        System.out.println("FAIL: " + why);
        System.exit(1);
    }

    static final class Reader {
        final byte[] b;
        int pos;
        final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                value |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("bad varint");
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int n = (int) varint(); // not pos += varint(): that reads pos before varint moves it
                    pos += n;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("wire type " + wireType);
            }
        }
    }
}
