package io.carillon.media.support;

import io.carillon.client.ChimeAttendee;
import io.carillon.client.audio.AudioReceiver;
import io.carillon.client.audio.AudioSource;
import io.carillon.client.media.ClientMedia;
import io.carillon.client.media.MediaLoop;
import io.carillon.media.dtls.DtlsCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/** Java Chime clients (signaling, ICE, DTLS, SRTP, Opus) on one media loop, for tests; closes them all. */
public final class JavaAttendees implements AutoCloseable {

    private final MediaLoop loop = new MediaLoop("test-clients");
    private final ExecutorService handshakes = Executors.newFixedThreadPool(2);
    private final DtlsCertificate certificate = DtlsCertificate.generateEcdsaP256();
    private final List<ChimeAttendee> joined = new ArrayList<>();

    public ChimeAttendee join(Meeting meeting, Attendee attendee, AudioSource source, boolean decode) {
        ClientMedia media = new ClientMedia(certificate, source, decode ? new AudioReceiver() : null);
        ChimeAttendee chime = ChimeAttendee.join(meeting.mediaPlacement().signalingUrl(), meeting.mediaPlacement().audioHostUrl(),
                attendee.attendeeId(), attendee.joinToken(), media, loop, handshakes, Duration.ofSeconds(15));
        joined.add(chime);
        return chime;
    }

    public MediaLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        joined.forEach(ChimeAttendee::close);
        loop.close();
        handshakes.shutdownNow();
    }
}
