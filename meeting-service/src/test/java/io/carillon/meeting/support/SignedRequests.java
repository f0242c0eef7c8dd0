package io.carillon.meeting.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** RestAssured requests signed with SigV4 the way the AWS SDKs sign them (the SDK's own signer). */
public final class SignedRequests {

    public static final String ACCESS_KEY = "AKIACARILLONDEV0001";
    public static final String SECRET_KEY = "carillon-development-secret-key-0001";

    private SignedRequests() {
    }

    /** A request to {@code pathAndQuery} (e.g. "/meetings?operation=create-attendees"), signed now. */
    public static RequestSpecification signed(String method, String pathAndQuery, String body) {
        return signedAt(method, pathAndQuery, body, Instant.now(), SECRET_KEY);
    }

    public static RequestSpecification signedAt(String method, String pathAndQuery, String body, Instant at, String secret) {
        int port = RestAssured.port;
        URI uri = URI.create("http://localhost:" + port + pathAndQuery);
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "chime")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        RequestSpecification spec = given().urlEncodingEnabled(false).config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        signed.request().forEachHeader((name, values) -> values.forEach(v -> spec.header(name, v)));
        if (body != null) {
            spec.body(payload);
        }
        return spec;
    }
}
