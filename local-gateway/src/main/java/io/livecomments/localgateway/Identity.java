package io.livecomments.localgateway;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Who opened a connection, as API Gateway reports it in {@code requestContext.identity}. */
@Serdeable
public record Identity(String sourceIp, @Nullable String userAgent) {}
