package io.carillon.platform.kafka;

/** Kafka could not take or serve a request in time: the caller answers 503 with Retry-After. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaUnavailableException(String message) {
        super(message);
    }
}
