package io.livecomments.lambda.broadcast;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import software.amazon.awssdk.regions.Region;

/**
 * {@code aws.region} ({@code AWS_REGION}, which Lambda sets): the region of DynamoDB and of the
 * Management API, which SigV4 signs with.
 */
@ConfigurationProperties("aws")
public record AwsConfiguration(@Bindable(defaultValue = "us-east-1") String region) {

  public Region awsRegion() {
    return Region.of(region);
  }
}
