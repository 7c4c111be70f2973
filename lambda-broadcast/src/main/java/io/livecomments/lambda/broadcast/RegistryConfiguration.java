package io.livecomments.lambda.broadcast;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;

/**
 * {@code livecomments.dynamodb} ({@code LIVECOMMENTS_DYNAMODB_*}), as the service reads it: where
 * the connections table is. The bridge only reads the registry and removes gone connections; it
 * never creates tables.
 *
 * @param endpoint unset: DynamoDB itself, with the default credentials chain
 * @param tablePrefix put before every table name, as in the service ({@code
 *     livecomments-connections})
 */
@ConfigurationProperties("livecomments.dynamodb")
public record RegistryConfiguration(
    @Nullable URI endpoint, @Bindable(defaultValue = "livecomments-") String tablePrefix) {

  public RegistryConfiguration {
    if (tablePrefix == null || !tablePrefix.matches("[A-Za-z0-9_.-]{0,200}")) {
      throw new IllegalStateException(
          "livecomments.dynamodb.table-prefix must hold only letters, digits, '_', '-' and '.'"
              + " (DynamoDB's table names), at most 200, was "
              + tablePrefix);
    }
  }
}
