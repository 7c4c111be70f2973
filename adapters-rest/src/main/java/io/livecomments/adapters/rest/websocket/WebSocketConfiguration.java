package io.livecomments.adapters.rest.websocket;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code livecomments.websocket}: who may use the WebSocket endpoints beyond the clients.
 *
 * @param testUsers user ids allowed to send {@code test} messages outside dev auth mode
 *     (comma-separated)
 * @param integrationSecret when set, the value the gateway must send as {@code
 *     X-Integration-Secret} on the integration endpoints
 */
@ConfigurationProperties("livecomments.websocket")
public record WebSocketConfiguration(
    @Bindable(defaultValue = "") @NotNull List<String> testUsers,
    @Nullable String integrationSecret) {

  /** The test users, trimmed, without blanks. */
  public Set<String> testUserIds() {
    return testUsers.stream()
        .flatMap(users -> List.of(users.split(",")).stream())
        .map(String::trim)
        .filter(user -> !user.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the integration endpoints need the secret. */
  public boolean requiresSecret() {
    return integrationSecret != null && !integrationSecret.isEmpty();
  }
}
