package io.carillon.meeting.api;

import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every response carries a request id, as AWS services do (errors set theirs, matching the body). */
public class RequestIdHeader {

    @ServerResponseFilter
    public void addRequestId(ContainerResponseContext response) {
        if (!response.getHeaders().containsKey(ChimeErrorResponses.REQUEST_ID_HEADER)) {
            response.getHeaders().putSingle(ChimeErrorResponses.REQUEST_ID_HEADER, UUID.randomUUID().toString());
        }
    }
}
