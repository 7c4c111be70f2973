package io.livecomments.config;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.configuration.metrics.micrometer.prometheus.management.PrometheusEndpoint;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /prometheus}: Micronaut's Prometheus endpoint, but with the one name of CONTRACT
 * section 9 that Prometheus's Java client cannot produce. That client reserves the {@code _created}
 * suffix (OpenMetrics' creation timestamps), so it turns the counter {@code
 * livecomments.comments.created} into {@code livecomments_comments_total}; the contract, and the
 * dashboards built on it, say {@code livecomments_comments_created_total}.
 */
@Endpoint(id = PrometheusEndpoint.ID, defaultSensitive = false)
@Replaces(PrometheusEndpoint.class)
@Requires(beans = PrometheusMeterRegistry.class)
public class PrometheusTextEndpoint {

  /** The text format's media type, as Prometheus expects it. */
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern CLIENT_NAME =
      Pattern.compile("^(# HELP |# TYPE )?livecomments_comments_total(?=[ {])", Pattern.MULTILINE);

  private final PrometheusMeterRegistry registry;

  public PrometheusTextEndpoint(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Read(produces = TEXT_FORMAT)
  public String scrape() {
    return contractNames(registry.scrape());
  }

  static String contractNames(String scrape) {
    return CLIENT_NAME
        .matcher(scrape)
        .replaceAll(
            match ->
                Matcher.quoteReplacement(
                    (match.group(1) == null ? "" : match.group(1))
                        + "livecomments_comments_created_total"));
  }
}
