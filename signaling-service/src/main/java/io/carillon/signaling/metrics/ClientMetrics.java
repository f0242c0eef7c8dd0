package io.carillon.signaling.metrics;

import io.carillon.signaling.protocol.ChimeSignaling.SdkClientMetricFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkMetric;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIENT_METRIC frames (one a second per client) turned into Prometheus summaries of what the
 * clients measure about their connection. Metric type numbers: SdkMetric.Type of the Chime proto.
 */
@ApplicationScoped
public class ClientMetrics {

    /** Chime metric type -> our metric name and unit. */
    private static final Map<Integer, String[]> EXPORTED = Map.of(
            7, new String[] {"carillon.client.stun.rtt", "milliseconds"},
            9, new String[] {"carillon.client.mic.jitter", "milliseconds"},
            11, new String[] {"carillon.client.mic.loss", "percent"},
            15, new String[] {"carillon.client.speaker.loss", "percent"},
            16, new String[] {"carillon.client.speaker.jitter", "milliseconds"},
            14, new String[] {"carillon.client.speaker.packets", "packets/s"});

    @Inject
    MeterRegistry registry;

    private final Map<Integer, DistributionSummary> summaries = new ConcurrentHashMap<>();

    public void record(SdkClientMetricFrame frame) {
        for (SdkMetric metric : frame.getGlobalMetricsList()) {
            String[] exported = EXPORTED.get(metric.getType());
            if (exported != null && Double.isFinite(metric.getValue())) {
                summaries.computeIfAbsent(metric.getType(), type -> DistributionSummary.builder(exported[0])
                        .baseUnit(exported[1]).description("as reported by clients in CLIENT_METRIC")
                        .register(registry)).record(metric.getValue());
            }
        }
    }
}
