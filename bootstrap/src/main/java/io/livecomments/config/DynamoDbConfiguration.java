package io.livecomments.config;

import io.livecomments.adapters.dynamodb.DynamoDbConnectionRegistry;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;

/**
 * {@code livecomments.dynamodb}: where the DynamoDB store is and how its tables are named.
 *
 * @param endpoint unset: AWS itself, with the default credentials chain
 * @param tablePrefix put before every table name ({@code livecomments-posts}, …)
 * @param createTables create missing tables at start; unset means "only under {@code embedded}"
 * @param connectionCountInterval how old the connection count of {@code GET
 *     /api/v1/websocket/connections} may get, since counting reads the whole connections table;
 *     unset means 30 s, or 0 (count at every call) under {@code embedded}, where DynamoDB Local in
 *     this process charges nothing
 */
@ConfigurationProperties("livecomments.dynamodb")
public record DynamoDbConfiguration(
    @Nullable URI endpoint,
    @Bindable(defaultValue = "livecomments-")
        @NotNull
        @Pattern(
            regexp = "[A-Za-z0-9_.-]{0,200}",
            message =
                "livecomments.dynamodb.table-prefix must hold only letters, digits, '_', '-' and"
                    + " '.' (DynamoDB's table names), at most 200")
        String tablePrefix,
    @Nullable Boolean createTables,
    @Nullable Duration connectionCountInterval) {

  /** Whether missing tables are created at start under the given store. */
  public boolean createTables(StoreMode store) {
    return createTables != null ? createTables : store == StoreMode.EMBEDDED;
  }

  /** How long a connection count is reused under the given store. */
  public Duration connectionCountInterval(StoreMode store) {
    if (connectionCountInterval != null) {
      return connectionCountInterval;
    }
    return store == StoreMode.EMBEDDED
        ? Duration.ZERO
        : DynamoDbConnectionRegistry.DEFAULT_COUNT_INTERVAL;
  }
}
