package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The top-level choices under {@code livecomments}: which store and which delivery path. The modes
 * are enums, so a value this build does not know stops the start (see {@link ModeConverters}).
 *
 * @param store where data is kept
 * @param broadcast how pushes reach clients
 * @param dataDir the embedded store's folder
 */
@ConfigurationProperties("livecomments")
public record LiveCommentsConfiguration(
    @Bindable(defaultValue = "embedded") @NotNull StoreMode store,
    @Bindable(defaultValue = "apigateway") @NotNull BroadcastMode broadcast,
    @Bindable(defaultValue = "./data") @NotBlank String dataDir) {

  public Path dataPath() {
    return Path.of(dataDir);
  }
}
