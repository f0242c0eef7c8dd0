package io.carillon.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.meeting.support.ChimeClients;
import io.carillon.meeting.support.WithTokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.LimitExceededException;

/** Requests racing each other still respect the cap and the idempotency tokens. */
@QuarkusTest
@TestProfile(WithTokenService.class)
class ConcurrencyTest {

    @Test
    void concurrent_create_attendee_never_exceeds_max_count() throws Exception {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            var meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("race").meetingFeatures(f -> f.attendee(a -> a.maxCount(5))))
                    .meeting();
            AtomicInteger created = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String user = "racer-" + i;
                calls.add(pool.submit(() -> {
                    try {
                        chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId(user));
                        created.incrementAndGet();
                    } catch (LimitExceededException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            pool.shutdown();

            assertThat(created.get()).isEqualTo(5);
            assertThat(refused.get()).isEqualTo(15);
            assertThat(chime.listAttendees(r -> r.meetingId(meeting.meetingId())).attendees()).hasSize(5);
        }
    }

    @Test
    void concurrent_create_meeting_with_one_client_request_token_gives_one_meeting() throws Exception {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            String token = UUID.randomUUID().toString();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> chime.createMeeting(r -> r.clientRequestToken(token)
                        .mediaRegion("us-east-1").externalMeetingId("one")).meeting().meetingId()));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> call : calls) {
                ids.add(call.get());
            }
            pool.shutdown();
            assertThat(ids).containsOnly(ids.get(0));
        }
    }
}
