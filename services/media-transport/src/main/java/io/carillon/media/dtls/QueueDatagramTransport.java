package io.carillon.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BC's view of the socket: datagrams pushed by the event loop into a bounded queue ({@link #offer},
 * never blocks, drops when full), sends going straight to the {@link DatagramSender}.
 *
 * <p>{@link #close()} wakes a waiting {@link #receive}, which then fails with an IOException so a
 * pending handshake ends. Thread-safe: offer from the event loop, receive/send from the handshake thread.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** Largest datagram we send: 1200 bytes keeps DTLS under any path MTU WebRTC meets (RFC 8261 §5 uses 1200 too). */
    static final int SEND_LIMIT = 1200;
    /** Largest datagram accepted from the peer (an Ethernet MTU); larger ones are dropped. */
    static final int RECEIVE_LIMIT = 1500;
    static final int QUEUE_CAPACITY = 64;

    private static final byte[] WAKE_UP = new byte[0];

    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DatagramSender sender;
    private volatile boolean closed;

    QueueDatagramTransport(DatagramSender sender) {
        this.sender = sender;
    }

    /** Copies the datagram into the queue; false when dropped (closed, too large, queue full). */
    boolean offer(byte[] b, int off, int len) {
        if (closed || b == null || off < 0 || len <= 0 || len > RECEIVE_LIMIT || off > b.length - len) {
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        return inbound.offer(copy);
    }

    boolean hasPending() {
        return !inbound.isEmpty();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    /** Waits up to waitMillis (0 = do not wait) for a datagram; -1 on timeout. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] d;
        try {
            d = waitMillis > 0 ? inbound.poll(waitMillis, TimeUnit.MILLISECONDS) : inbound.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        if (closed) {
            throw new IOException("transport closed");
        }
        if (d == null || d == WAKE_UP) {
            return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            return;
        }
        if (len > SEND_LIMIT) {
            throw new IOException("datagram over the send limit: " + len);
        }
        sender.send(buf, off, len);
    }

    /** Stops both directions and wakes a waiting receive. Idempotent. */
    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(WAKE_UP);
    }
}
