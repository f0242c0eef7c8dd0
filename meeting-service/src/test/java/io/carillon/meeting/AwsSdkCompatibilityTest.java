package io.carillon.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.meeting.support.ChimeClients;
import io.carillon.meeting.support.WithTokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.AttendeeCapabilities;
import software.amazon.awssdk.services.chimesdkmeetings.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkmeetings.model.CreateAttendeeRequestItem;
import software.amazon.awssdk.services.chimesdkmeetings.model.ForbiddenException;
import software.amazon.awssdk.services.chimesdkmeetings.model.LimitExceededException;
import software.amazon.awssdk.services.chimesdkmeetings.model.MediaCapabilities;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;
import software.amazon.awssdk.services.chimesdkmeetings.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkmeetings.model.ResourceNotFoundException;
import software.amazon.awssdk.services.chimesdkmeetings.model.Tag;
import software.amazon.awssdk.services.chimesdkmeetings.model.TooManyTagsException;
import software.amazon.awssdk.services.chimesdkmeetings.model.UnauthorizedException;
import software.amazon.awssdk.services.chimesdkmeetings.model.UnprocessableEntityException;

/** Every operation through the unmodified AWS SDK for Java v2, changed only by endpointOverride. */
@QuarkusTest
@TestProfile(WithTokenService.class)
class AwsSdkCompatibilityTest {

    private ChimeSdkMeetingsClient chime;

    @BeforeEach
    void client() {
        chime = ChimeClients.client(); // per test: the HTTP port is known only once the test runs
    }

    @AfterEach
    void close() {
        chime.close();
    }

    private Meeting newMeeting() {
        return chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                .mediaRegion("us-east-1").externalMeetingId("standup-" + UUID.randomUUID().toString().substring(0, 8)))
                .meeting();
    }

    @Test
    void create_and_get_a_meeting_with_its_media_placement() {
        Meeting created = newMeeting();

        Meeting read = chime.getMeeting(r -> r.meetingId(created.meetingId())).meeting();

        assertThat(read.meetingId()).isEqualTo(created.meetingId());
        assertThat(read.mediaRegion()).isEqualTo("us-east-1");
        assertThat(read.mediaPlacement().signalingUrl()).endsWith("/control/" + created.meetingId()).startsWith("ws");
        assertThat(read.mediaPlacement().audioHostUrl()).isNotBlank();
        assertThat(read.meetingArn()).isEqualTo("arn:aws:chime:us-east-1:000000000000:meeting/" + created.meetingId());
    }

    @Test
    void the_same_client_request_token_gives_the_same_meeting() {
        String token = UUID.randomUUID().toString();
        Meeting first = chime.createMeeting(r -> r.clientRequestToken(token).mediaRegion("us-east-1").externalMeetingId("m1")).meeting();
        Meeting again = chime.createMeeting(r -> r.clientRequestToken(token).mediaRegion("us-east-1").externalMeetingId("m1")).meeting();
        assertThat(again.meetingId()).isEqualTo(first.meetingId());
    }

    @Test
    void attendees_are_created_read_listed_page_by_page_updated_and_deleted() {
        Meeting meeting = newMeeting();
        Attendee alice = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("alice")).attendee();
        assertThat(alice.joinToken()).matches("[A-Za-z0-9_-]{43}");
        assertThat(alice.capabilities().audio()).isEqualTo(MediaCapabilities.SEND_RECEIVE);

        var batch = chime.batchCreateAttendee(r -> r.meetingId(meeting.meetingId()).attendees(
                IntStream.range(0, 5).mapToObj(i -> CreateAttendeeRequestItem.builder().externalUserId("user-" + i).build()).toList()));
        assertThat(batch.attendees()).hasSize(5);
        assertThat(batch.errors()).isEmpty();

        var firstPage = chime.listAttendees(r -> r.meetingId(meeting.meetingId()).maxResults(4));
        var secondPage = chime.listAttendees(r -> r.meetingId(meeting.meetingId()).maxResults(4).nextToken(firstPage.nextToken()));
        assertThat(firstPage.attendees()).hasSize(4);
        assertThat(secondPage.attendees()).hasSize(2);
        assertThat(secondPage.nextToken()).isNull();

        var updated = chime.updateAttendeeCapabilities(r -> r.meetingId(meeting.meetingId()).attendeeId(alice.attendeeId())
                .capabilities(AttendeeCapabilities.builder().audio("Receive").video("None").content("None").build())).attendee();
        assertThat(updated.capabilities().audio()).isEqualTo(MediaCapabilities.RECEIVE);
        chime.batchUpdateAttendeeCapabilitiesExcept(r -> r.meetingId(meeting.meetingId())
                .excludedAttendeeIds(e -> e.attendeeId(alice.attendeeId()))
                .capabilities(AttendeeCapabilities.builder().audio("Send").video("None").content("None").build()));
        assertThat(chime.getAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(batch.attendees().get(0).attendeeId()))
                .attendee().capabilities().audio()).isEqualTo(MediaCapabilities.SEND);
        assertThat(chime.getAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(alice.attendeeId()))
                .attendee().capabilities().audio()).isEqualTo(MediaCapabilities.RECEIVE);

        chime.deleteAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(alice.attendeeId()));
        assertThatThrownBy(() -> chime.getAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(alice.attendeeId())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void create_meeting_with_attendees_reports_each_attendee_on_its_own() {
        var response = chime.createMeetingWithAttendees(r -> r.clientRequestToken(UUID.randomUUID().toString())
                .mediaRegion("us-east-1").externalMeetingId("with-attendees")
                .attendees(CreateAttendeeRequestItem.builder().externalUserId("ok-user").build(),
                        CreateAttendeeRequestItem.builder().externalUserId("aws:reserved").build()));
        assertThat(response.meeting().meetingId()).isNotBlank();
        assertThat(response.attendees()).extracting(Attendee::externalUserId).containsExactly("ok-user");
        assertThat(response.errors()).singleElement().satisfies(e -> {
            assertThat(e.externalUserId()).isEqualTo("aws:reserved");
            assertThat(e.errorCode()).isEqualTo("BadRequestException");
        });
    }

    @Test
    void the_attendee_cap_is_a_limit_exceeded_exception() {
        Meeting meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                .mediaRegion("us-east-1").externalMeetingId("small").meetingFeatures(f -> f.attendee(a -> a.maxCount(2)))).meeting();
        chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("one"));
        chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("two"));
        assertThatThrownBy(() -> chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("three")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("maximum of 2");
    }

    @Test
    void tags_are_added_listed_and_removed_by_meeting_arn() {
        Meeting meeting = newMeeting();
        chime.tagResource(r -> r.resourceARN(meeting.meetingArn()).tags(Tag.builder().key("team").value("media").build(),
                Tag.builder().key("cost-center").value("42").build()));
        assertThat(chime.listTagsForResource(r -> r.resourceARN(meeting.meetingArn())).tags())
                .extracting(Tag::key).containsExactly("cost-center", "team");
        chime.untagResource(r -> r.resourceARN(meeting.meetingArn()).tagKeys("team"));
        assertThat(chime.listTagsForResource(r -> r.resourceARN(meeting.meetingArn())).tags())
                .extracting(Tag::key).containsExactly("cost-center");
        List<Tag> tooMany = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThatThrownBy(() -> chime.tagResource(r -> r.resourceARN(meeting.meetingArn()).tags(tooMany.subList(0, 50))))
                .isInstanceOf(TooManyTagsException.class);
        assertThatThrownBy(() -> chime.listTagsForResource(r -> r.resourceARN(
                "arn:aws:chime:us-east-1:000000000000:meeting/" + UUID.randomUUID())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void a_deleted_meeting_is_gone_with_its_attendees() {
        Meeting meeting = newMeeting();
        chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("alice"));
        chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
        assertThatThrownBy(() -> chime.getMeeting(r -> r.meetingId(meeting.meetingId())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> chime.listAttendees(r -> r.meetingId(meeting.meetingId())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void bad_fields_are_bad_request_exceptions_naming_the_field() {
        assertThatThrownBy(() -> chime.createMeeting(r -> r.clientRequestToken("has spaces!")
                .mediaRegion("us-east-1").externalMeetingId("x1")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("ClientRequestToken");
        assertThatThrownBy(() -> chime.createMeeting(r -> r.clientRequestToken("token-1")
                .mediaRegion("mars-north-1").externalMeetingId("x1")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("MediaRegion");
        Meeting meeting = newMeeting();
        assertThatThrownBy(() -> chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("u1")
                .capabilities(c -> c.audio("SendReceive").video("None").content("Receive"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Capabilities.Content");
        assertThatThrownBy(() -> chime.getMeeting(r -> r.meetingId("not-a-guid")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("MeetingId");
    }

    @Test
    void unknown_meetings_are_not_found_exceptions() {
        assertThatThrownBy(() -> chime.getMeeting(r -> r.meetingId(UUID.randomUUID().toString())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> chime.createAttendee(r -> r.meetingId(UUID.randomUUID().toString()).externalUserId("bob")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void transcription_answers_a_clear_unprocessable_entity_exception() {
        Meeting meeting = newMeeting();
        assertThatThrownBy(() -> chime.startMeetingTranscription(r -> r.meetingId(meeting.meetingId())
                .transcriptionConfiguration(t -> t.engineTranscribeSettings(e -> e.languageCode("en-US")))))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("no transcription engine");
    }

    @Test
    void an_unknown_access_key_is_unauthorized_and_a_wrong_secret_forbidden() {
        try (var stranger = ChimeClients.client("AKIASTRANGER000000001", "whatever")) {
            assertThatThrownBy(() -> stranger.getMeeting(r -> r.meetingId(UUID.randomUUID().toString())))
                    .isInstanceOf(UnauthorizedException.class);
        }
        try (var forger = ChimeClients.client("AKIACARILLONDEV0001", "not-the-secret")) {
            assertThatThrownBy(() -> forger.getMeeting(r -> r.meetingId(UUID.randomUUID().toString())))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("signature");
        }
    }
}
