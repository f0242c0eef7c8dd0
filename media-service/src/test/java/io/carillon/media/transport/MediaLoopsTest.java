package io.carillon.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The media path's own loops: how many, and threads named so that metrics and tools can find them. */
class MediaLoopsTest {

    @Test
    void halfTheCpusByDefaultAtLeastOneAndTheSettingWhenGiven() {
        assertEquals(1, MediaLoops.count(0, 1));
        assertEquals(1, MediaLoops.count(0, 2));
        assertEquals(1, MediaLoops.count(0, 3));
        assertEquals(4, MediaLoops.count(0, 8));
        assertEquals(3, MediaLoops.count(3, 2), "an explicit setting wins");
    }

    @Test
    void loopThreadsAreNamedMediaLoop() throws Exception {
        EventLoopGroup group = MediaLoops.create(2);
        try {
            Set<String> names = new HashSet<>();
            for (EventExecutor loop : group) {
                names.add(loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS));
            }
            assertEquals(Set.of("media-loop-1", "media-loop-2"), names);
            assertTrue("media-loop-1".startsWith(MediaLoops.THREAD_NAME_PREFIX));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
