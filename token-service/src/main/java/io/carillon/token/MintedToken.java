package io.carillon.token;

/** Answer to a mint: the token, shown this once. */
public record MintedToken(String joinToken) {
}
