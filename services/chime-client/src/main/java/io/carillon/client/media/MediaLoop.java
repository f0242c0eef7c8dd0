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
import java.util.concurrent.locks.LockSupport;

/**
 * One thread for many client connections: reads whatever arrived (one selector) and, every 20 ms,
 * lets each connection send its frame. Cheap enough that a load generator leaves the CPU to the
 * server it measures.
 *
 * <p>Connections are spread over send phases ({@link #DEFAULT_PHASES}, 2 ms apart, unless told), as independent
 * clients' audio clocks are: a server sees a steady stream, not every attendee's packet in the same burst, and the
 * phase of each sender relative to the server's mixing tick varies like real ones do. With many phases (e.g. 200,
 * 100 µs apart) the packets arrive one by one, as from browsers whose clocks are unrelated.
 */
public final class MediaLoop implements AutoCloseable {

    static final long TICK_NANOS = 20_000_000L;
    public static final int DEFAULT_PHASES = 10;
    /** At most this many phases: 50 µs apart. */
    public static final int MAX_PHASES = 400;
    private static final long MILLI = 1_000_000L;

    private final int phaseCount;
    private final long phaseNanos;

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
        this(name, () -> { }, DEFAULT_PHASES);
    }

    /**
     * A loop whose thread first runs {@code onLoopThread} (e.g. to change its own scheduling), with its connections
     * spread over {@code phaseCount} send phases, 20 ms / phaseCount apart (1-{@value #MAX_PHASES}).
     */
    public MediaLoop(String name, Runnable onLoopThread, int phaseCount) {
        if (phaseCount < 1 || phaseCount > MAX_PHASES) {
            throw new IllegalArgumentException("send phases must be 1-" + MAX_PHASES + ", not " + phaseCount);
        }
        this.phaseCount = phaseCount;
        this.phaseNanos = TICK_NANOS / phaseCount;
        for (int i = 0; i < phaseCount; i++) {
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
        long nextTick = System.nanoTime() + phaseNanos;
        int phase = 0;
        try {
            while (running) {
                ClientMedia joined;
                while ((joined = joining.poll()) != null) {
                    joined.channel().register(selector, SelectionKey.OP_READ, joined);
                    phases.get(added++ % phaseCount).add(joined);
                }
                long wait = nextTick - System.nanoTime();
                if (wait >= MILLI) {
                    selector.select(wait / MILLI); // whole milliseconds: the selector's resolution
                } else {
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // phases under 1 ms apart
                    }
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
                    nextTick += phaseNanos;
                    for (ClientMedia client : phases.get(phase)) {
                        client.tick(now);
                    }
                    phase = (phase + 1) % phaseCount;
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
