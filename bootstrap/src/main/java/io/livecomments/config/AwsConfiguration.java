package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import software.amazon.awssdk.regions.Region;

/**
 * {@code aws.region}: the region of DynamoDB and of the Management API (SigV4 signs with it).
 *
 * @param region e.g. {@code eu-west-1}
 */
@ConfigurationProperties("aws")
public record AwsConfiguration(@Bindable(defaultValue = "us-east-1") @NotBlank String region) {

  public Region awsRegion() {
    return Region.of(region);
  }
}
