package io.carillon.client.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One thread for many client connections: reads whatever arrived (one selector) and, every 20 ms,
 * lets each connection send its frame. Cheap enough that a load generator leaves the CPU to the
 * server it measures.
 *
 * <p>Connections are spread over {@link #PHASES} send phases 2 ms apart, as independent clients'
 * audio clocks are: a server sees a steady stream, not every attendee's packet in the same burst, and
 * the phase of each sender relative to the server's mixing tick varies like real ones do.
 */
public final class MediaLoop implements AutoCloseable {

    static final long TICK_NANOS = 20_000_000L;
    static final int PHASES = 10;
    private static final long PHASE_NANOS = TICK_NANOS / PHASES;

    private final Selector selector;
    /** Connections by send phase. */
    private final List<List<ClientMedia>> phases = new ArrayList<>();
    private int added;
    private final ConcurrentLinkedQueue<ClientMedia> joining = new ConcurrentLinkedQueue<>();
    private final byte[] buffer = new byte[2048];
    private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lateTicks;
    /** Ticks by how late they started, in whole ms (the last bucket: that late or later). */
    public static final int LATENESS_BUCKETS = 101;
    private final AtomicLongArray tickLateness = new AtomicLongArray(LATENESS_BUCKETS);

    public MediaLoop(String name) {
        this(name, () -> { });
    }

    /** A loop whose thread first runs {@code onLoopThread} (e.g. to change its own scheduling). */
    public MediaLoop(String name, Runnable onLoopThread) {
        for (int i = 0; i < PHASES; i++) {
            phases.add(new CopyOnWriteArrayList<>());
        }
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(() -> {
            onLoopThread.run();
            run();
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void add(ClientMedia client) {
        joining.add(client);
        selector.wakeup();
    }

    public void remove(ClientMedia client) {
        for (List<ClientMedia> phase : phases) {
            phase.remove(client);
        }
        SelectionKey key = client.channel().keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }

    private void run() {
        long nextTick = System.nanoTime() + PHASE_NANOS;
        int phase = 0;
        try {
            while (running) {
                ClientMedia joined;
                while ((joined = joining.poll()) != null) {
                    joined.channel().register(selector, SelectionKey.OP_READ, joined);
                    phases.get(added++ % PHASES).add(joined);
                }
                long wait = nextTick - System.nanoTime();
                if (wait > 0) {
                    selector.select(Math.max(1, wait / 1_000_000));
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    read((ClientMedia) key.attachment());
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now >= nextTick) {
                    if (now - nextTick > TICK_NANOS) {
                        lateTicks++;
                    }
                    tickLateness.incrementAndGet((int) Math.min(LATENESS_BUCKETS - 1, (now - nextTick) / 1_000_000L));
                    nextTick += PHASE_NANOS;
                    for (ClientMedia client : phases.get(phase)) {
                        client.tick(now);
                    }
                    phase = (phase + 1) % PHASES;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        }
    }

    private void read(ClientMedia client) {
        try {
            while (true) {
                wrapped.clear();
                SocketAddress from = client.channel().receive(wrapped);
                if (from == null) {
                    return;
                }
                client.onDatagram(buffer, wrapped.position());
            }
        } catch (IOException e) {
            // closed channel
        }
    }

    /**
     * How late each tick started so far, element k counting ticks k..k+1 ms late (the last: 100 ms or
     * more): the send jitter of this loop, which a receiver's jitter buffer sees as arrival jitter.
     */
    public long[] tickLatenessMillis() {
        long[] copy = new long[LATENESS_BUCKETS];
        for (int i = 0; i < LATENESS_BUCKETS; i++) {
            copy[i] = tickLateness.get(i);
        }
        return copy;
    }

    /** Ticks that started more than a tick late: the generator itself was overloaded. */
    public long lateTicks() {
        return lateTicks;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
