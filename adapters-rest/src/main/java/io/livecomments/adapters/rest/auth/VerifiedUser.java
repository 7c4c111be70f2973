package io.livecomments.adapters.rest.auth;

/** Who a valid token says the caller is. */
public record VerifiedUser(String userId, String username) {}
