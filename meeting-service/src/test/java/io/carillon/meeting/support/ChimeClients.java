package io.carillon.meeting.support;

import io.restassured.RestAssured;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;

/** The real AWS SDK for Java v2 client, pointed at the meeting-service under test. */
public final class ChimeClients {

    private ChimeClients() {
    }

    public static ChimeSdkMeetingsClient client() {
        return client(SignedRequests.ACCESS_KEY, SignedRequests.SECRET_KEY);
    }

    public static ChimeSdkMeetingsClient client(String accessKey, String secretKey) {
        return ChimeSdkMeetingsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + RestAssured.port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
