package io.carillon.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.carillon.platform.kafka.KafkaUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The token API's failures as answers its callers act on, each with a {@link Refusal}: 400 for a
 * request it cannot read, 403 for a token that admits nobody, 503 (retry in a second) while Kafka
 * cannot confirm or serve.
 */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);
    /** Jackson's own messages are not passed on: they may quote the body, token included. */
    private static final String UNREADABLE = "the body is not the JSON object this call takes";

    @ServerExceptionMapper
    public RestResponse<Refusal> invalid(InvalidRequestException e) {
        return answer(Status.BAD_REQUEST, e.getMessage());
    }

    /**
     * Quarkus REST reports a body that is not JSON as a bare 400; this one says so. Other
     * WebApplicationExceptions (404, 405, 415) keep their own answer.
     */
    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException) {
            return answer(Status.BAD_REQUEST, UNREADABLE).toResponse();
        }
        return e.getResponse();
    }

    /** JSON of the wrong shape; quarkus-rest-jackson would answer it with a body of its own. */
    @ServerExceptionMapper
    public RestResponse<Refusal> mismatched(MismatchedInputException e) {
        return answer(Status.BAD_REQUEST, UNREADABLE);
    }

    @ServerExceptionMapper
    public RestResponse<Refusal> refused(TokenRefusedException e) {
        return answer(Status.FORBIDDEN, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Refusal> unavailable(KafkaUnavailableException e) {
        LOG.warnf("Answering 503: %s", e.getMessage());
        return RestResponse.ResponseBuilder.create(Status.SERVICE_UNAVAILABLE,
                        new Refusal("Kafka is unavailable; retry: " + e.getMessage()))
                .header("Retry-After", "1")
                .build();
    }

    private static RestResponse<Refusal> answer(Status status, String reason) {
        return RestResponse.ResponseBuilder.create(status, new Refusal(reason)).build();
    }
}
