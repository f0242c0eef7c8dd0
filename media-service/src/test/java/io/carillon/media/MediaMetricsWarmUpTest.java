package io.carillon.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;

class MediaMetricsWarmUpTest {

    @Test
    void recordsIntoThrowawayMetersOnly() {
        int globalMeters = Metrics.globalRegistry.getMeters().size();

        long recorded = MediaMetrics.warmUpRecording(1_000);

        assertEquals(2_000, recorded, "one timer and one summary value per record");
        assertEquals(globalMeters, Metrics.globalRegistry.getMeters().size(), "nothing lands in a real registry");
    }
}
