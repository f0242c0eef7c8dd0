package io.carillon.meeting.auth;

import io.carillon.meeting.MeetingServiceConfig;
import io.carillon.meeting.api.ChimeError;
import io.carillon.meeting.api.ChimeException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks AWS Signature Version 4 on every request. It does not re-implement the algorithm: it
 * rebuilds the request from exactly the headers the client signed, signs it with the AWS SDK's own
 * signer at the client's X-Amz-Date with the secret of the client's access key, and compares.
 *
 * <p>Unsigned or unknown key: 401 UnauthorizedException. Wrong signature, or a date outside the
 * allowed clock skew: 403 ForbiddenException.
 */
@ApplicationScoped
public class SigV4Verifier {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String SIGNING_NAME = "chime";

    private final HttpSigner<AwsCredentialsIdentity> signer = AwsV4HttpSigner.create();

    @Inject
    MeetingServiceConfig config;

    Clock clock = Clock.systemUTC();

    /** @throws ChimeException if the request is not signed by a known key, correctly and recently */
    public void verify(HttpServerRequest request, byte[] body) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            throw unauthorized("Missing Authentication Token: requests must be signed with AWS Signature Version 4.");
        }
        Matcher auth = AUTHORIZATION.matcher(authorization);
        if (!auth.matches()) {
            throw unauthorized("The Authorization header is not an AWS Signature Version 4 header.");
        }
        String accessKey = auth.group(1);
        String secret = config.accessKeys().get(accessKey);
        if (secret == null) {
            throw unauthorized("The security token included in the request is invalid.");
        }
        Instant signedAt = signedAt(request, auth.group(2));
        if (!SIGNING_NAME.equals(auth.group(4))) {
            throw forbidden("Credential should be scoped to correct service: '" + SIGNING_NAME + "'.");
        }
        String expected = sign(request, body, auth.group(5), auth.group(3), signedAt, accessKey, secret);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
            throw forbidden("The request signature we calculated does not match the signature you provided.");
        }
    }

    private Instant signedAt(HttpServerRequest request, String scopeDate) {
        String header = request.getHeader("X-Amz-Date");
        if (header == null) {
            throw forbidden("The request must carry an X-Amz-Date header.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(header));
        } catch (DateTimeParseException e) {
            throw forbidden("X-Amz-Date is not a date of the form yyyyMMddTHHmmssZ.");
        }
        if (!header.startsWith(scopeDate)) {
            throw forbidden("The credential scope date does not match X-Amz-Date.");
        }
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(config.allowedClockSkew()) > 0) {
            throw forbidden("Signature expired: " + header + " is now earlier or later than "
                    + AMZ_DATE.format(clock.instant()) + " by more than " + config.allowedClockSkew().toMinutes()
                    + " minutes.");
        }
        return signedAt;
    }

    private String sign(HttpServerRequest request, byte[] body, String signedHeaders, String region, Instant signedAt,
            String accessKey, String secret) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method().name()))
                .protocol("http")
                .host(hostOnly(request.getHeader("Host")))
                .encodedPath(request.path())
                .rawQueryParameters(queryParameters(request.query()));
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().getAll(name);
            if (values.isEmpty()) {
                throw forbidden("The signed header " + name + " is missing from the request.");
            }
            unsigned.putHeader(name, values);
        }
        SignedRequest signed = signer.sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secret))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String header = signed.request().firstMatchingHeader("Authorization").orElse("");
        int at = header.lastIndexOf("Signature=");
        return at < 0 ? "" : header.substring(at + "Signature=".length()).trim();
    }

    private static String hostOnly(String hostHeader) {
        if (hostHeader == null) {
            throw forbidden("The request must carry a Host header.");
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon > 0 && hostHeader.indexOf(']') < colon ? hostHeader.substring(0, colon) : hostHeader;
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ChimeException.badRequest("The query string is not correctly percent-encoded.");
        }
    }

    private static ChimeException unauthorized(String message) {
        return new ChimeException(ChimeError.UnauthorizedException, message);
    }

    private static ChimeException forbidden(String message) {
        return new ChimeException(ChimeError.ForbiddenException, message);
    }
}
