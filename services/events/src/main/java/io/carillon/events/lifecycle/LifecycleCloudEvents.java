package io.carillon.events.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.events.Topics;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.cloudevents.core.message.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Lifecycle events as CloudEvents on Kafka, through the CloudEvents Kafka binding in binary
 * mode: the CloudEvent attributes travel as {@code ce_*} headers and the record value is the
 * Chime {@code detail} JSON, so a consumer that knows nothing of CloudEvents still reads the
 * detail. {@code type} equals {@code detail.eventType}; {@code subject} is the meeting id; the
 * record key is the meeting id (one partition per meeting: ordered per meeting).
 */
public final class LifecycleCloudEvents {

    public static final String DATA_CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LifecycleCloudEvents() {
    }

    /** @param source the producing service, e.g. {@code /carillon/meeting-service} */
    public static CloudEvent toCloudEvent(LifecycleEvent event, URI source) {
        return toCloudEvent(event, source, UUID.randomUUID().toString());
    }

    /**
     * @param id the CloudEvent id: the same for the same event published again (a relay replaying
     *     after a crash), so that consumers can drop the repeat
     */
    public static CloudEvent toCloudEvent(LifecycleEvent event, URI source, String id) {
        try {
            return CloudEventBuilder.v1()
                    .withId(id)
                    .withSource(source)
                    .withType(event.eventType().chimeName())
                    .withSubject(event.meetingId())
                    .withTime(Instant.ofEpochMilli(event.timestamp()).atOffset(ZoneOffset.UTC))
                    .withDataContentType(DATA_CONTENT_TYPE)
                    .withData(JSON.writeValueAsBytes(event))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event, e);
        }
    }

    public static LifecycleEvent fromCloudEvent(CloudEvent cloudEvent) {
        if (cloudEvent.getData() == null) {
            throw new IllegalArgumentException("lifecycle CloudEvent " + cloudEvent.getId() + " has no data");
        }
        try {
            return JSON.readValue(cloudEvent.getData().toBytes(), LifecycleEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a lifecycle event: " + cloudEvent.getId(), e);
        }
    }

    /**
     * The event in a record value read without the CloudEvents deserializer: in binary mode the value
     * is the detail JSON. Empty for anything that is not a lifecycle event.
     */
    public static java.util.Optional<LifecycleEvent> fromRecordValue(byte[] value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(JSON.readValue(value, LifecycleEvent.class));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The record to publish on {@link Topics#MEETING_EVENTS}. */
    public static ProducerRecord<String, CloudEvent> record(LifecycleEvent event, URI source) {
        return new ProducerRecord<>(Topics.MEETING_EVENTS.name(), event.meetingId(), toCloudEvent(event, source));
    }

    /** The record to publish on {@link Topics#MEETING_EVENTS}, with the given CloudEvent id. */
    public static ProducerRecord<String, CloudEvent> record(LifecycleEvent event, URI source, String id) {
        return new ProducerRecord<>(Topics.MEETING_EVENTS.name(), event.meetingId(), toCloudEvent(event, source, id));
    }

    /** Producer settings for the value serializer (CloudEvents binary mode). */
    public static Map<String, Object> serializerConfig() {
        return Map.of("value.serializer", CloudEventSerializer.class.getName(),
                CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY.name());
    }

    /** Consumer settings for the value deserializer. */
    public static Map<String, Object> deserializerConfig() {
        return Map.of("value.deserializer", CloudEventDeserializer.class.getName());
    }
}
