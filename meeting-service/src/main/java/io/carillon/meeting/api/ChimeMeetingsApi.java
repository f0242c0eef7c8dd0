package io.carillon.meeting.api;

import static io.carillon.meeting.api.ChimeException.badRequest;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.MeetingRecord;
import io.carillon.meeting.attendee.Attendees;
import io.carillon.meeting.auth.SigV4Verifier;
import io.carillon.meeting.meeting.MeetingStateLog;
import io.carillon.meeting.meeting.Meetings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Chime SDK Meetings REST API (rest-json). Each operation: check the SigV4 signature, read and
 * validate the request, call the domain, shape the answer. Operations that share a path and method
 * are told apart by {@code ?operation=}, as in the service model.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ChimeMeetingsApi {

    private static final int MAX_TAGS = 50;
    private static final byte[] NO_BODY = new byte[0];

    @Inject
    SigV4Verifier sigV4;
    @Inject
    RequestReader read;
    @Inject
    ShapeMapper shape;
    @Inject
    Meetings meetings;
    @Inject
    Attendees attendees;

    @Inject
    Vertx vertx;

    @Context
    HttpServerRequest http;

    @POST
    @Path("meetings")
    public Response createMeeting(@QueryParam("operation") String operation, byte[] body) {
        sigV4.verify(http, body);
        Shapes.CreateMeetingRequest request = read.body(body, Shapes.CreateMeetingRequest.class);
        if (operation == null) {
            MeetingRecord meeting = meetings.create(read.newMeeting(request));
            return ok(new Shapes.MeetingResponse(shape.meeting(meeting)));
        }
        if (!operation.equals("create-attendees")) {
            throw unknownOperation(operation);
        }
        FieldRules.listSize("Attendees", request.attendees(), 1, 20);
        MeetingRecord meeting = meetings.create(read.newMeeting(request));
        var created = createEach(meeting, request.attendees());
        return ok(new Shapes.CreateMeetingWithAttendeesResponse(shape.meeting(meeting), created.attendees(), created.errors()));
    }

    @GET
    @Path("meetings/{MeetingId}")
    public Response getMeeting(@PathParam("MeetingId") String meetingId) {
        sigV4.verify(http, NO_BODY);
        return ok(new Shapes.MeetingResponse(shape.meeting(meetings.get(FieldRules.guid("MeetingId", meetingId)))));
    }

    @DELETE
    @Path("meetings/{MeetingId}")
    public Response deleteMeeting(@PathParam("MeetingId") String meetingId) {
        sigV4.verify(http, NO_BODY);
        meetings.end(FieldRules.guid("MeetingId", meetingId), "DeleteMeeting");
        return Response.noContent().build();
    }

    /**
     * CreateAttendee runs on the event loop, without a worker thread: the token call, the write and
     * its read-back are chained, so no thread waits on a request in flight (measured: the same CPU
     * per request as the blocking form, docs/benchmarks.md). BatchCreateAttendee, a loop of
     * writes, runs on a worker.
     */
    @POST
    @Path("meetings/{MeetingId}/attendees")
    public CompletionStage<Response> createAttendee(@PathParam("MeetingId") String meetingId,
            @QueryParam("operation") String operation, byte[] body) {
        sigV4.verify(http, body);
        FieldRules.guid("MeetingId", meetingId);
        if (operation == null) {
            Shapes.CreateAttendeeRequestItem request = read.body(body, Shapes.CreateAttendeeRequestItem.class);
            read.attendeeItem(request);
            Capabilities capabilities = read.capabilities(request.capabilities(), false);
            return unwrapped(meetings.getForArbitratedWriteAsync(meetingId)
                    .thenCompose(meeting -> attendees.createAsync(meeting, request.externalUserId(), capabilities))
                    .thenApply(created -> ok(new Shapes.AttendeeResponse(shape.attendee(created.attendee(), created.joinToken())))));
        }
        if (!operation.equals("batch-create")) {
            throw unknownOperation(operation);
        }
        Shapes.BatchCreateAttendeeRequest request = read.body(body, Shapes.BatchCreateAttendeeRequest.class);
        FieldRules.listSize("Attendees", request.attendees(), 1, 100);
        return vertx.executeBlocking(() -> {
            var created = createEach(meetings.get(meetingId), request.attendees());
            return ok(new Shapes.AttendeesResponse(created.attendees(), created.errors()));
        }, false).toCompletionStage();
    }

    /** The stage's failure as it was thrown (not wrapped), for the exception mappers. */
    private static <T> CompletionStage<T> unwrapped(CompletableFuture<T> stage) {
        return stage.exceptionallyCompose(failure -> CompletableFuture.failedFuture(MeetingStateLog.rootOf(failure)));
    }

    @GET
    @Path("meetings/{MeetingId}/attendees")
    public Response listAttendees(@PathParam("MeetingId") String meetingId, @QueryParam("next-token") String nextToken,
            @QueryParam("max-results") String maxResults) {
        sigV4.verify(http, NO_BODY);
        FieldRules.guid("MeetingId", meetingId);
        int max = maxResults(maxResults);
        List<AttendeeRecord> all = attendees.list(meetingId);
        int from = nextToken == null ? 0 : position(all, nextToken);
        int to = Math.min(all.size(), from + max);
        List<Shapes.Attendee> page = all.subList(from, to).stream().map(a -> shape.attendee(a, null)).toList();
        String next = to < all.size() ? nextToken(all.get(to - 1)) : null;
        return ok(new Shapes.ListAttendeesResponse(page, next));
    }

    @GET
    @Path("meetings/{MeetingId}/attendees/{AttendeeId}")
    public Response getAttendee(@PathParam("MeetingId") String meetingId, @PathParam("AttendeeId") String attendeeId) {
        sigV4.verify(http, NO_BODY);
        AttendeeRecord attendee = attendees.get(FieldRules.guid("MeetingId", meetingId),
                FieldRules.guid("AttendeeId", attendeeId));
        return ok(new Shapes.AttendeeResponse(shape.attendee(attendee, null)));
    }

    @DELETE
    @Path("meetings/{MeetingId}/attendees/{AttendeeId}")
    public Response deleteAttendee(@PathParam("MeetingId") String meetingId, @PathParam("AttendeeId") String attendeeId) {
        sigV4.verify(http, NO_BODY);
        attendees.delete(FieldRules.guid("MeetingId", meetingId), FieldRules.guid("AttendeeId", attendeeId));
        return Response.noContent().build();
    }

    @PUT
    @Path("meetings/{MeetingId}/attendees/{AttendeeId}/capabilities")
    public Response updateAttendeeCapabilities(@PathParam("MeetingId") String meetingId,
            @PathParam("AttendeeId") String attendeeId, byte[] body) {
        sigV4.verify(http, body);
        FieldRules.guid("MeetingId", meetingId);
        FieldRules.guid("AttendeeId", attendeeId);
        var request = read.body(body, Shapes.UpdateAttendeeCapabilitiesRequest.class);
        AttendeeRecord updated = attendees.updateCapabilities(meetingId, attendeeId,
                read.capabilities(request.capabilities(), true));
        return ok(new Shapes.AttendeeResponse(shape.attendee(updated, null)));
    }

    @PUT
    @Path("meetings/{MeetingId}/attendees/capabilities")
    public Response batchUpdateAttendeeCapabilitiesExcept(@PathParam("MeetingId") String meetingId,
            @QueryParam("operation") String operation, byte[] body) {
        sigV4.verify(http, body);
        if (!"batch-update-except".equals(operation)) {
            throw unknownOperation(operation);
        }
        FieldRules.guid("MeetingId", meetingId);
        var request = read.body(body, Shapes.BatchUpdateAttendeeCapabilitiesExceptRequest.class);
        FieldRules.listSize("ExcludedAttendeeIds", request.excludedAttendeeIds(), 1, 250);
        List<String> excluded = new ArrayList<>();
        for (Shapes.AttendeeIdItem item : request.excludedAttendeeIds()) {
            FieldRules.required("ExcludedAttendeeIds entry", item);
            excluded.add(FieldRules.guid("ExcludedAttendeeIds.AttendeeId", item.attendeeId()));
        }
        attendees.updateCapabilitiesExcept(meetingId, excluded, read.capabilities(request.capabilities(), true));
        return Response.ok().build();
    }

    @POST
    @Path("meetings/{MeetingId}/transcription")
    public Response transcription(@PathParam("MeetingId") String meetingId, @QueryParam("operation") String operation,
            byte[] body) {
        sigV4.verify(http, body);
        if (!"start".equals(operation) && !"stop".equals(operation)) {
            throw unknownOperation(operation);
        }
        meetings.get(FieldRules.guid("MeetingId", meetingId));
        throw new ChimeException(ChimeError.UnprocessableEntityException,
                "Meeting transcription is not available: this Carillon deployment has no transcription engine.");
    }

    @POST
    @Path("tags")
    public Response tagOrUntag(@QueryParam("operation") String operation, byte[] body) {
        sigV4.verify(http, body);
        if ("tag-resource".equals(operation)) {
            var request = read.body(body, Shapes.TagResourceRequest.class);
            MeetingRecord meeting = meetingOf(request.resourceArn());
            FieldRules.required("Tags", request.tags());
            Map<String, String> tags = new LinkedHashMap<>(meeting.tags());
            tags.putAll(read.tags(request.tags()));
            if (tags.size() > MAX_TAGS) {
                throw new ChimeException(ChimeError.TooManyTagsException,
                        "A meeting can have at most " + MAX_TAGS + " tags.");
            }
            meetings.replaceTags(meeting.meetingId(), tags);
            return Response.noContent().build();
        }
        if ("untag-resource".equals(operation)) {
            var request = read.body(body, Shapes.UntagResourceRequest.class);
            MeetingRecord meeting = meetingOf(request.resourceArn());
            FieldRules.listSize("TagKeys", request.tagKeys(), 0, 50);
            Map<String, String> tags = new LinkedHashMap<>(meeting.tags());
            request.tagKeys().forEach(tags::remove);
            meetings.replaceTags(meeting.meetingId(), tags);
            return Response.noContent().build();
        }
        throw unknownOperation(operation);
    }

    @GET
    @Path("tags")
    public Response listTags(@QueryParam("arn") String arn) {
        sigV4.verify(http, NO_BODY);
        return ok(new Shapes.ListTagsResponse(shape.tags(meetingOf(arn).tags())));
    }

    // ---- helpers ----

    private record Created(List<Shapes.Attendee> attendees, List<Shapes.CreateAttendeeError> errors) {
    }

    /** Batch creation: each entry succeeds or fails on its own, as Chime reports it. */
    private Created createEach(MeetingRecord meeting, List<Shapes.CreateAttendeeRequestItem> items) {
        List<Shapes.Attendee> created = new ArrayList<>();
        List<Shapes.CreateAttendeeError> errors = new ArrayList<>();
        for (Shapes.CreateAttendeeRequestItem item : items) {
            try {
                read.attendeeItem(item);
                var attendee = attendees.create(meeting, item.externalUserId(), read.capabilities(item.capabilities(), false));
                created.add(shape.attendee(attendee.attendee(), attendee.joinToken()));
            } catch (ChimeException e) {
                errors.add(new Shapes.CreateAttendeeError(item == null ? null : item.externalUserId(), e.error().name(),
                        e.getMessage()));
            }
        }
        return new Created(created, errors);
    }

    /** The meeting an ARN of ours names: arn:aws:chime:{region}:{account}:meeting/{MeetingId}. */
    private MeetingRecord meetingOf(String arn) {
        FieldRules.arn("ResourceARN", arn);
        int slash = arn.lastIndexOf("meeting/");
        String meetingId = slash < 0 ? "" : arn.substring(slash + "meeting/".length());
        if (!meetingId.matches("[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}")) {
            throw new ChimeException(ChimeError.ResourceNotFoundException, "No meeting has the ARN " + arn + ".");
        }
        try {
            MeetingRecord meeting = meetings.get(meetingId);
            if (!shape.arn(meeting).equals(arn)) {
                throw new ChimeException(ChimeError.ResourceNotFoundException, "No meeting has the ARN " + arn + ".");
            }
            return meeting;
        } catch (ChimeException e) {
            if (e.error() == ChimeError.NotFoundException) {
                throw new ChimeException(ChimeError.ResourceNotFoundException, "No meeting has the ARN " + arn + ".");
            }
            throw e;
        }
    }

    private static int maxResults(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int max = Integer.parseInt(value);
            if (max >= 1 && max <= 100) {
                return max;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw badRequest("max-results must be a number from 1 to 100.");
    }

    private static String nextToken(AttendeeRecord last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(last.attendeeId().getBytes(StandardCharsets.UTF_8));
    }

    /** The index after the attendee the token names; an attendee removed since counts by its place in time. */
    private static int position(List<AttendeeRecord> all, String token) {
        String attendeeId;
        try {
            attendeeId = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badRequest("next-token is not a token this API returned.");
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).attendeeId().equals(attendeeId)) {
                return i + 1;
            }
        }
        throw badRequest("next-token is not a token this API returned, or its attendee was deleted.");
    }

    private static ChimeException unknownOperation(String operation) {
        return badRequest(operation == null ? "This request needs an operation query parameter."
                : "Unknown operation \"" + FieldRules.abbreviate(operation) + "\".");
    }

    private static Response ok(Object entity) {
        return Response.ok(entity).build();
    }
}
