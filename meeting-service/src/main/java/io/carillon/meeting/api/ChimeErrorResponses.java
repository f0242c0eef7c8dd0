package io.carillon.meeting.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.carillon.platform.kafka.KafkaUnavailableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure as Chime reports it: the status, the {@code x-amzn-ErrorType} header (the AWS SDKs
 * read it first), {@code {"Code","Message","RequestId"}} and the request id header. Nothing a
 * client sends yields a stack trace or a 500 with an unexplained body.
 */
public class ChimeErrorResponses {

    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    private static final Logger LOG = Logger.getLogger(ChimeErrorResponses.class);

    @ServerExceptionMapper
    public Response chime(ChimeException e) {
        return of(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaUnavailableException e) {
        LOG.warnf("answering 503: %s", e.getMessage());
        return Response.fromResponse(of(ChimeError.ServiceUnavailableException,
                "The service is temporarily unavailable; retry the request.")).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return of(ChimeError.BadRequestException, "The request body is not valid JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unknownPath(NotFoundException e) {
        return of(ChimeError.NotFoundException, "No such operation.");
    }

    @ServerExceptionMapper
    public Response wrongMethod(NotAllowedException e) {
        return of(ChimeError.BadRequestException, "This method is not allowed on this resource.");
    }

    @ServerExceptionMapper
    public Response wrongMediaType(NotSupportedException e) {
        return of(ChimeError.BadRequestException, "Unsupported content type.");
    }

    @ServerExceptionMapper
    public Response otherHttp(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return of(ChimeError.BadRequestException, "The request body is too large.");
        }
        return status < 500 ? of(ChimeError.BadRequestException, "The request is not valid.") : unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String requestId = UUID.randomUUID().toString();
        LOG.errorf(e, "request %s failed", requestId);
        return of(ChimeError.ServiceFailureException, "The service failed to process the request.", requestId);
    }

    public static Response of(ChimeError error, String message) {
        return of(error, message, UUID.randomUUID().toString());
    }

    private static Response of(ChimeError error, String message, String requestId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Code", error.name());
        body.put("Message", message);
        body.put("RequestId", requestId);
        return Response.status(error.status())
                .type(MediaType.APPLICATION_JSON)
                .header(ERROR_TYPE_HEADER, error.name())
                .header(REQUEST_ID_HEADER, requestId)
                .entity(body)
                .build();
    }
}
