package io.carillon.signaling;

import static io.carillon.signaling.support.ControlPlane.newAttendee;
import static io.carillon.signaling.support.ControlPlane.newMeeting;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.support.ControlPlane;
import io.carillon.signaling.support.SignalingClient;
import io.carillon.signaling.support.WithTls;
import io.carillon.signaling.tls.OpenSslTls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/** With a certificate configured, signaling is served as wss, through OpenSSL (netty-tcnative). */
@QuarkusTest
@TestProfile(WithTls.class)
class SecureWebSocketTest {

    @TestHTTPResource(value = "/", tls = true)
    URL tlsRoot;

    @Test
    void a_client_joins_over_wss_served_by_openssl() throws Exception {
        assertThat(OpenSslTls.openSsl()).as("netty-tcnative's BoringSSL loads on this machine").isTrue();
        try (ChimeSdkMeetingsClient chime = ControlPlane.chime()) {
            Meeting meeting = newMeeting(chime);
            Attendee alice = newAttendee(chime, meeting, "alice");
            String wss = "wss://localhost:" + tlsRoot.getPort();
            try (SignalingClient client = SignalingClient.connect(wss, meeting.meetingId(), alice.joinToken(), trustAll())) {
                client.join(1);
                assertThat(client.await(SdkSignalFrame.Type.JOIN_ACK).hasJoinack()).isTrue();
                client.await(SdkSignalFrame.Type.INDEX);
            }
        }
    }

    /** The test's self-signed certificate: trusted for this one client. */
    private static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
