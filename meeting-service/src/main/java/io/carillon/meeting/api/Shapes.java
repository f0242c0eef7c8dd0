package io.carillon.meeting.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON shapes of the Chime SDK Meetings API (service model chime-sdk-meetings 2021-07-15), with
 * Chime's member names. Requests are read leniently (unknown members ignored); responses leave out
 * members that are null, as AWS does.
 */
public final class Shapes {

    private Shapes() {
    }

    // ---- requests ----

    public record CreateMeetingRequest(
            @JsonProperty("ClientRequestToken") String clientRequestToken,
            @JsonProperty("MediaRegion") String mediaRegion,
            @JsonProperty("MeetingHostId") String meetingHostId,
            @JsonProperty("ExternalMeetingId") String externalMeetingId,
            @JsonProperty("NotificationsConfiguration") NotificationsConfiguration notificationsConfiguration,
            @JsonProperty("MeetingFeatures") MeetingFeaturesConfiguration meetingFeatures,
            @JsonProperty("PrimaryMeetingId") String primaryMeetingId,
            @JsonProperty("TenantIds") List<String> tenantIds,
            @JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("Attendees") List<CreateAttendeeRequestItem> attendees) {
    }

    public record CreateAttendeeRequestItem(
            @JsonProperty("ExternalUserId") String externalUserId,
            @JsonProperty("Capabilities") AttendeeCapabilities capabilities) {
    }

    public record BatchCreateAttendeeRequest(@JsonProperty("Attendees") List<CreateAttendeeRequestItem> attendees) {
    }

    public record UpdateAttendeeCapabilitiesRequest(@JsonProperty("Capabilities") AttendeeCapabilities capabilities) {
    }

    public record BatchUpdateAttendeeCapabilitiesExceptRequest(
            @JsonProperty("ExcludedAttendeeIds") List<AttendeeIdItem> excludedAttendeeIds,
            @JsonProperty("Capabilities") AttendeeCapabilities capabilities) {
    }

    public record AttendeeIdItem(@JsonProperty("AttendeeId") String attendeeId) {
    }

    public record TagResourceRequest(
            @JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("Tags") List<Tag> tags) {
    }

    public record UntagResourceRequest(
            @JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("TagKeys") List<String> tagKeys) {
    }

    // ---- shared structures ----

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotificationsConfiguration(
            @JsonProperty("LambdaFunctionArn") String lambdaFunctionArn,
            @JsonProperty("SnsTopicArn") String snsTopicArn,
            @JsonProperty("SqsQueueArn") String sqsQueueArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeetingFeaturesConfiguration(
            @JsonProperty("Audio") AudioFeatures audio,
            @JsonProperty("Video") VideoFeatures video,
            @JsonProperty("Content") ContentFeatures content,
            @JsonProperty("Attendee") AttendeeFeatures attendee) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AudioFeatures(@JsonProperty("EchoReduction") String echoReduction) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VideoFeatures(@JsonProperty("MaxResolution") String maxResolution) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContentFeatures(@JsonProperty("MaxResolution") String maxResolution) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttendeeFeatures(@JsonProperty("MaxCount") Integer maxCount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttendeeCapabilities(
            @JsonProperty("Audio") String audio,
            @JsonProperty("Video") String video,
            @JsonProperty("Content") String content) {
    }

    public record Tag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
    }

    // ---- responses ----

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Meeting(
            @JsonProperty("MeetingId") String meetingId,
            @JsonProperty("MeetingHostId") String meetingHostId,
            @JsonProperty("ExternalMeetingId") String externalMeetingId,
            @JsonProperty("MediaRegion") String mediaRegion,
            @JsonProperty("MediaPlacement") MediaPlacement mediaPlacement,
            @JsonProperty("MeetingFeatures") MeetingFeaturesConfiguration meetingFeatures,
            @JsonProperty("PrimaryMeetingId") String primaryMeetingId,
            @JsonProperty("TenantIds") List<String> tenantIds,
            @JsonProperty("MeetingArn") String meetingArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediaPlacement(
            @JsonProperty("AudioHostUrl") String audioHostUrl,
            @JsonProperty("AudioFallbackUrl") String audioFallbackUrl,
            @JsonProperty("SignalingUrl") String signalingUrl,
            @JsonProperty("TurnControlUrl") String turnControlUrl,
            @JsonProperty("ScreenDataUrl") String screenDataUrl,
            @JsonProperty("ScreenViewingUrl") String screenViewingUrl,
            @JsonProperty("ScreenSharingUrl") String screenSharingUrl,
            @JsonProperty("EventIngestionUrl") String eventIngestionUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attendee(
            @JsonProperty("ExternalUserId") String externalUserId,
            @JsonProperty("AttendeeId") String attendeeId,
            @JsonProperty("JoinToken") String joinToken,
            @JsonProperty("Capabilities") AttendeeCapabilities capabilities) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateAttendeeError(
            @JsonProperty("ExternalUserId") String externalUserId,
            @JsonProperty("ErrorCode") String errorCode,
            @JsonProperty("ErrorMessage") String errorMessage) {
    }

    public record MeetingResponse(@JsonProperty("Meeting") Meeting meeting) {
    }

    public record AttendeeResponse(@JsonProperty("Attendee") Attendee attendee) {
    }

    public record AttendeesResponse(
            @JsonProperty("Attendees") List<Attendee> attendees,
            @JsonProperty("Errors") List<CreateAttendeeError> errors) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateMeetingWithAttendeesResponse(
            @JsonProperty("Meeting") Meeting meeting,
            @JsonProperty("Attendees") List<Attendee> attendees,
            @JsonProperty("Errors") List<CreateAttendeeError> errors) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListAttendeesResponse(
            @JsonProperty("Attendees") List<Attendee> attendees,
            @JsonProperty("NextToken") String nextToken) {
    }

    public record ListTagsResponse(@JsonProperty("Tags") List<Tag> tags) {
    }
}
