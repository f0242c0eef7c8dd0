package io.carillon.media.transport;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import org.jboss.logging.Logger;

/**
 * Datagrams that one socket's loop read for endpoints living on other loops, collected while it reads and handed
 * over in one task per loop when the read ends ({@link #flush()}). One task per read instead of one per datagram:
 * a sleeping loop is woken (an eventfd write and a context switch) once per burst, not once per packet. Order per
 * endpoint is kept, as a client's datagrams always reach the same socket.
 *
 * <p>Owned by one socket's loop: {@link #add} and {@link #flush} run on it only.
 */
final class LoopHandOver {
    private static final Logger LOG = Logger.getLogger(LoopHandOver.class);

    private record Datagram(MediaEndpoint endpoint, PacketKind kind, byte[] bytes, InetSocketAddress from) {
        void deliver() {
            endpoint.onDatagram(kind, bytes, 0, bytes.length, from);
        }
    }

    private static final class Batch {
        final EventLoop loop;
        ArrayList<Datagram> datagrams = new ArrayList<>();

        Batch(EventLoop loop) {
            this.loop = loop;
        }
    }

    /** One batch per other loop seen so far; a media instance has a handful of loops. */
    private final ArrayList<Batch> batches = new ArrayList<>(4);

    /** Keeps a copy of {@code b[off, off+len)} for {@code endpoint}, delivered on its loop at the next flush. */
    void add(MediaEndpoint endpoint, PacketKind kind, byte[] b, int off, int len, InetSocketAddress from) {
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        batchOf(endpoint.loop()).datagrams.add(new Datagram(endpoint, kind, copy, from));
    }

    /** Hands every collected datagram to its loop: one task per loop that has any. */
    void flush() {
        for (int i = 0, n = batches.size(); i < n; i++) {
            Batch batch = batches.get(i);
            if (batch.datagrams.isEmpty()) {
                continue;
            }
            ArrayList<Datagram> ready = batch.datagrams;
            batch.datagrams = new ArrayList<>(Math.max(8, ready.size()));
            batch.loop.execute(() -> {
                for (int k = 0, m = ready.size(); k < m; k++) {
                    try {
                        ready.get(k).deliver();
                    } catch (RuntimeException e) {
                        // one endpoint's failure must not cost the others in the batch their datagrams
                        LOG.warn("a datagram handed over to its meeting's loop failed", e);
                    }
                }
            });
        }
    }

    private Batch batchOf(EventLoop loop) {
        for (int i = 0, n = batches.size(); i < n; i++) {
            if (batches.get(i).loop == loop) {
                return batches.get(i);
            }
        }
        Batch created = new Batch(loop);
        batches.add(created);
        return created;
    }
}
