package io.carillon.token;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The internal join-token API: meeting-service mints a token per CreateAttendee, signaling-service
 * validates what a client presents. Internal network only; see token-service/README.md.
 */
@Path("/internal/v1/join-tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class JoinTokenResource {

    private final Admissions admissions;

    @Inject
    public JoinTokenResource(Admissions admissions) {
        this.admissions = admissions;
    }

    @POST
    public RestResponse<MintedToken> mint(MintRequest body) {
        MintRequest request = MintRequest.require(body);
        String token = admissions.mint(request.meetingId(), request.attendeeId());
        return created(MintedToken.stored(token));
    }

    /**
     * A token for an attendee being created: answered at once, on the event loop (no Kafka write
     * here); the token admits no one until meeting-service has written the attendee's record with
     * the hash this answer carries.
     */
    @POST
    @Path("/for-new-attendee")
    @NonBlocking
    public RestResponse<MintedToken> mintForNewAttendee() {
        return created(admissions.mintForNewAttendee());
    }

    /** The only copy of a secret: no cache may keep it. */
    private static RestResponse<MintedToken> created(MintedToken minted) {
        return RestResponse.ResponseBuilder.create(Status.CREATED, minted).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/validate")
    public Admission validate(ValidationRequest body) {
        ValidationRequest request = ValidationRequest.require(body);
        return admissions.admit(request.meetingId(), request.joinToken());
    }
}
