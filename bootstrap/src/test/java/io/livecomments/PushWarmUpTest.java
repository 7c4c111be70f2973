package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.config.PushWarmUp;
import io.livecomments.config.PushWarmUp.Report;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The push warm-up runs when the server starts, pushes only to a connection id that cannot exist,
 * and leaves real clients, the registry and the push metrics alone.
 */
class PushWarmUpTest {

  private static ApplicationContext start(Map<String, Object> extra) {
    Map<String, Object> properties = new java.util.HashMap<>(extra);
    properties.put("livecomments.store", "memory");
    properties.put("livecomments.push.warmup.pushes", 40);
    return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
  }

  private static Report finished(PushWarmUp warmUp) throws Exception {
    return warmUp.finished().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void atStartItPushesTheConfiguredNumberOfFramesToTheImpossibleIdAndNowhereElse()
      throws Exception {
    try (RecordingGateway gateway = new RecordingGateway();
        ApplicationContext context =
            start(Map.of("livecomments.apigateway.endpoint", gateway.endpoint().toString()))) {
      Report report = finished(context.getBean(PushWarmUp.class));

      assertEquals(40, report.pushes());
      assertEquals(Map.of("delivered", 40), report.outcomes());
      List<RecordingGateway.Push> pushes = gateway.pushes();
      assertEquals(40, pushes.size());
      for (RecordingGateway.Push push : pushes) {
        assertEquals(PushWarmUp.NO_SUCH_CONNECTION.value(), push.connectionId());
        assertTrue(push.body().startsWith("{\"type\":\"test\""), push.body());
      }
    }
  }

  @Test
  void theLocalGatewayAnswersGoneAndAConnectedClientReceivesNothing() throws Exception {
    try (ApplicationContext context = start(Map.of())) {
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      PushWarmUp warmUp = context.getBean(PushWarmUp.class);
      assertEquals(Map.of("gone", 40), finished(warmUp).outcomes());

      Api api = new Api(server.getURI());
      String post = api.createPost(api.devToken("u-" + UUID.randomUUID(), null), "warm");
      try (WsClient everything = WsClient.connect(server.getURI(), "");
          WsClient subscriber = WsClient.connect(server.getURI(), "postId=" + post)) {
        // A second warm-up while real clients are connected: still nothing but 410s.
        assertEquals(Map.of("gone", 40), warmUp.run().outcomes());

        for (WsClient client : List.of(everything, subscriber)) {
          client.send("{\"action\":\"ping\"}");
          client.await("pong");
          // The warm-up had settled before the ping, so anything it sent would have come first.
          assertEquals(1, client.received.size(), client.raw.toString());
        }
        assertEquals(2, api.get("/api/v1/websocket/connections").json().get("connectionCount"));
        // The two pongs are the only pushes counted: the warm-up's 80 never reach the metrics.
        PrometheusText metrics = PrometheusText.parse(api.get("/prometheus").text());
        assertEquals(0, metrics.value("livecomments_pushes_total", "outcome", "gone"));
        assertEquals(2, metrics.value("livecomments_push_frames_total", "kind", "single"));
      }
    }
  }

  @Test
  void withTheLocalGatewayItFansOutToClientsOfItsOwnThatAreGoneAfterwards() throws Exception {
    try (ApplicationContext context = start(Map.of("livecomments.push.warmup.local-pushes", 200))) {
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      Report report = finished(context.getBean(PushWarmUp.class));

      // A real connection through the local gateway: every push delivered, none gone.
      assertEquals(200, report.pushes());
      assertEquals(Map.of("delivered", 200), report.outcomes());
      Api api = new Api(server.getURI());
      WsClient.eventually()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(
              () ->
                  Integer.valueOf(0)
                      .equals(
                          api.get("/api/v1/websocket/connections").json().get("connectionCount")));
      PrometheusText metrics = PrometheusText.parse(api.get("/prometheus").text());
      assertEquals(
          PushWarmUp.LOCAL_CLIENTS, metrics.value("livecomments_connections_registered_total"));
      // Their whoami answers are the pushes counted; the warm-up's own pusher counts nothing.
      assertEquals(
          PushWarmUp.LOCAL_CLIENTS,
          metrics.value("livecomments_push_frames_total", "kind", "single"));
    }
  }

  @Test
  void readinessWaitsForTheWarmUp() throws Exception {
    try (ApplicationContext context =
        start(
            Map.of(
                "livecomments.push.warmup.local-pushes",
                20_000,
                // Ends it after 5 s however far it got, so that a loaded machine still sees UP.
                "livecomments.push.warmup.timeout",
                "5s",
                "livecomments.push.warmup.gate-readiness",
                true))) {
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      PushWarmUp warmUp = context.getBean(PushWarmUp.class);
      Api api = new Api(server.getURI());
      // While the warm-up runs (it was not done before the probe nor after it), readiness is DOWN.
      boolean runningBefore = !warmUp.finished().toCompletableFuture().isDone();
      int status = api.get("/health/readiness").status();
      boolean runningAfter = !warmUp.finished().toCompletableFuture().isDone();
      assertTrue(runningBefore && runningAfter, "20,000 pushes keep a fresh JVM busy for 5 s");
      assertEquals(503, status);

      finished(warmUp);
      assertEquals(200, api.get("/health/readiness").status());
    }
  }

  @Test
  void itCanBeSwitchedOff() {
    try (ApplicationContext context = start(Map.of("livecomments.push.warmup.enabled", false))) {
      assertFalse(context.containsBean(PushWarmUp.class));
    }
  }
}
