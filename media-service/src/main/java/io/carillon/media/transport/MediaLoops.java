package io.carillon.media.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loops of the media path, apart from Vert.x's: nothing else (HTTP, Kafka callbacks) runs on them, and
 * their number is the media path's own setting. Netty's native epoll loops on Linux, NIO elsewhere. Threads are
 * named {@value #THREAD_NAME_PREFIX}N, the name the CPU metrics, the real-time setting's checks and the load
 * generator's sampler look for.
 */
public final class MediaLoops {

    public static final String THREAD_NAME_PREFIX = "media-loop-";

    private MediaLoops() {
    }

    /**
     * How many loops {@code configured} asks for: itself when positive, else half the CPUs, at least one. On a host
     * shared with the rest of the stack, two loops on two CPUs mostly waited for each other and handed half of the
     * datagrams over (docs/benchmarks.md, media, tenth session); one loop carries ~400 attendees.
     */
    public static int count(int configured, int cpus) {
        return configured > 0 ? configured : Math.max(1, cpus / 2);
    }

    public static EventLoopGroup create(int count) {
        AtomicInteger number = new AtomicInteger();
        ThreadFactory threads = task -> new FastThreadLocalThread(task, THREAD_NAME_PREFIX + number.incrementAndGet());
        return Epoll.isAvailable() ? new EpollEventLoopGroup(count, threads) : new NioEventLoopGroup(count, threads);
    }
}
