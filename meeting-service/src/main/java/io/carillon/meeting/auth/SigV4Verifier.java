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
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks AWS Signature Version 4 on every request: recomputes the signature ({@link SigV4Signature})
 * over exactly the headers the client signed, with the secret of the client's access key, and
 * compares in constant time. Verified against the AWS SDK for Java v2 and the AWS CLI.
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
            .withZone(java.time.ZoneOffset.UTC);
    private static final String SIGNING_NAME = "chime";

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
        String amzDate = checkDate(request, auth.group(2));
        if (!SIGNING_NAME.equals(auth.group(4))) {
            throw forbidden("Credential should be scoped to correct service: '" + SIGNING_NAME + "'.");
        }
        String scope = auth.group(2) + "/" + auth.group(3) + "/" + auth.group(4) + "/aws4_request";
        String expected = sign(request, body, auth.group(5), scope, amzDate, secret);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
            throw forbidden("The request signature we calculated does not match the signature you provided.");
        }
    }

    /** X-Amz-Date, checked against the credential scope and our clock. */
    private String checkDate(HttpServerRequest request, String scopeDate) {
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
        return header;
    }

    private String sign(HttpServerRequest request, byte[] body, String signedHeaders, String scope, String amzDate,
            String secret) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().getAll(name);
            if (values.isEmpty()) {
                throw forbidden("The signed header " + name + " is missing from the request.");
            }
            headers.put(name, values);
        }
        String payloadHash = SigV4Signature.sha256Hex(body);
        String declaredHash = request.getHeader("x-amz-content-sha256");
        if (declaredHash != null && !declaredHash.equals(payloadHash)) {
            throw forbidden("x-amz-content-sha256 does not match the request body.");
        }
        return SigV4Signature.signature(request.method().name(), request.path(), queryParameters(request.query()),
                headers, payloadHash, amzDate, scope, secret);
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
