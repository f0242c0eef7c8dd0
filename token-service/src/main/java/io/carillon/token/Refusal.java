package io.carillon.token;

/** Body of every error answer of the token API: why the request was not served. */
public record Refusal(String reason) {
}
