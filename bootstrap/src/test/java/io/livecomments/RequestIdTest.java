package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.livecomments.Api.Reply;
import io.livecomments.adapters.rest.websocket.WebSocketIntegrationController;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.FanOutBroadcaster;
import io.livecomments.config.GracefulShutdown;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.logging.LogFormat;
import io.livecomments.logging.LogFormatEncoder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * {@code X-Request-Id} over real HTTP: kept or replaced, echoed on every kind of answer, and in the
 * log lines of the request and of the pushes it causes, read from Logback itself.
 */
@MicronautTest
@Property(name = "livecomments.store", value = "memory")
class RequestIdTest {

  private static final String ACCESS = "io.livecomments.access";

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final List<Logger> watched = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();
  private Api api;

  @BeforeEach
  void watchTheLogs() {
    api = new Api(server.getURI());
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    logged.setContext(logback);
    logged.start();
    for (String name :
        List.of(
            ACCESS,
            FanOutBroadcaster.class.getName(),
            ConnectionPusher.class.getName(),
            WebSocketIntegrationController.class.getName())) {
      Logger logger = logback.getLogger(name);
      watched.add(logger);
      levels.add(logger.getLevel());
      logger.setLevel(Level.DEBUG);
      logger.addAppender(logged);
    }
  }

  @AfterEach
  void stopWatching() {
    for (int i = 0; i < watched.size(); i++) {
      watched.get(i).detachAppender(logged);
      watched.get(i).setLevel(levels.get(i));
    }
    logged.stop();
  }

  private ILoggingEvent awaitLine(String logger, Predicate<ILoggingEvent> matches) {
    return WsClient.eventually()
        .until(
            () -> {
              // Server and push threads append while this reads: copy under the appender's lock.
              List<ILoggingEvent> lines;
              synchronized (logged) {
                lines = List.copyOf(logged.list);
              }
              return lines.stream()
                  .filter(e -> e.getLoggerName().equals(logger) && matches.test(e))
                  .findFirst();
            },
            Optional::isPresent)
        .orElseThrow();
  }

  private static String requestIdOf(ILoggingEvent event) {
    return event.getMDCPropertyMap().get("requestId");
  }

  @Test
  void aCommentsRequestIdComesBackAndIsInTheLogLinesOfTheRequestAndOfEveryPushItCaused() {
    String token = api.devToken("rid-" + UUID.randomUUID(), "rid@example.com");
    String post = api.createPost(token, "request ids");
    WsClient client = WsClient.connect(server.getURI(), "postId=" + post);
    // A connection the registry has and the gateway does not: its push is answered 410.
    ConnectionId phantom =
        new ConnectionId("cGhhbnRvbQ" + UUID.randomUUID().toString().substring(0, 4) + "=");
    registry.register(
        new Connection(phantom, Set.of(new PostId(post)), Optional.empty(), Instant.now()));
    String requestId = "it-" + UUID.randomUUID();

    Reply created = api.comment(post, token, "with an id", "X-Request-Id", requestId);

    assertEquals(201, created.status(), created.text());
    assertEquals(Optional.of(requestId), created.header("X-Request-Id"));
    client.await("comment.created", m -> true);
    ILoggingEvent access =
        awaitLine(
            ACCESS,
            e ->
                e.getFormattedMessage()
                    .startsWith("POST /api/v1/posts/" + post + "/comments 201 "));
    assertEquals(requestId, requestIdOf(access));
    assertEquals(Level.INFO, access.getLevel());
    ILoggingEvent fanOut =
        awaitLine(FanOutBroadcaster.class.getName(), e -> e.getFormattedMessage().contains(post));
    assertEquals(requestId, requestIdOf(fanOut));
    assertTrue(
        fanOut
            .getFormattedMessage()
            .matches(
                "Fan-out of comment.created for post "
                    + post
                    + " settled in \\d+ ms: 2 connection\\(s\\), 1 delivered, 1 gone, 0 failed"),
        fanOut.getFormattedMessage());
    ILoggingEvent gone =
        awaitLine(
            ConnectionPusher.class.getName(),
            e -> e.getFormattedMessage().contains(phantom.value()));
    assertEquals(requestId, requestIdOf(gone), "logged on the thread that answered the push");
    client.close();
  }

  @Test
  void withoutAnIdTheAnswerCarriesAGeneratedOneAndEachRequestItsOwn() {
    String first =
        api.get("/api/v1/posts/" + UUID.randomUUID()).header("X-Request-Id").orElseThrow();
    String second =
        api.get("/api/v1/posts/" + UUID.randomUUID()).header("X-Request-Id").orElseThrow();
    assertEquals(first, UUID.fromString(first).toString());
    assertNotEquals(first, second);
  }

  @Test
  void anOverLongIdIsReplacedByAGeneratedOne() {
    String tooLong = "x".repeat(129);
    Reply reply =
        api.send("GET", "/api/v1/posts/" + UUID.randomUUID(), null, null, "X-Request-Id", tooLong);
    String echoed = reply.header("X-Request-Id").orElseThrow();
    assertEquals(echoed, UUID.fromString(echoed).toString());
    assertEquals(
        Optional.of("x".repeat(128)),
        api.send(
                "GET",
                "/api/v1/posts/" + UUID.randomUUID(),
                null,
                null,
                "X-Request-Id",
                "x".repeat(128))
            .header("X-Request-Id"));
  }

  /** Bytes no HTTP client library would send, so they go over a plain socket. */
  @ParameterizedTest
  @ValueSource(strings = {"tab\tinside", "caf\u00e9", "latin\u00a0space"})
  void aNonPrintableIdIsReplacedByAGeneratedOneNeverEchoed(String offered) throws IOException {
    Map<String, String> headers = rawGet("/api/v1/posts/" + UUID.randomUUID(), offered);
    String echoed = headers.get("x-request-id");
    assertNotNull(echoed, headers.toString());
    assertEquals(echoed, UUID.fromString(echoed).toString(), headers.toString());
  }

  /**
   * Netty refuses a request with control characters in a header before any filter runs: the 400 has
   * no request id at all, and certainly not the caller's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"del\u007f", "bell\u0007"})
  void anIdWithControlCharactersIsRefusedWithTheRequestNeverEchoed(String offered)
      throws IOException {
    Map<String, String> headers = rawGet("/api/v1/posts/" + UUID.randomUUID(), offered);
    assertTrue(headers.get(":status").startsWith("HTTP/1.1 400 "), headers.toString());
    assertFalse(headers.containsValue(offered), headers.toString());
  }

  private Map<String, String> rawGet(String path, String requestId) throws IOException {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Request-Id: ")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(requestId.getBytes(StandardCharsets.ISO_8859_1));
      out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      String head = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n")));
      Map<String, String> headers = new java.util.HashMap<>();
      List<String> lines = head.lines().toList();
      headers.put(":status", lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      }
      return headers;
    }
  }

  @Test
  void everyProblemCarriesTheRequestId() {
    String token = api.devToken("rid-" + UUID.randomUUID(), null);
    String post = api.createPost(token, "problems");
    String comments = "/api/v1/posts/" + post + "/comments";
    List<Reply> problems =
        List.of(
            api.send("POST", comments, token, "{\"content\":", "X-Request-Id", "r-400")
                .assertProblem(400),
            api.send("POST", comments, null, "{\"content\":\"x\"}", "X-Request-Id", "r-401")
                .assertProblem(401),
            api.send("GET", "/no/such/route", null, null, "X-Request-Id", "r-404")
                .assertProblem(404),
            api.send(
                    "GET",
                    "/api/v1/posts/" + UUID.randomUUID(),
                    null,
                    null,
                    "X-Request-Id",
                    "r-404b")
                .assertProblem(404),
            api.send(
                    "POST",
                    comments,
                    token,
                    "{\"content\":\"" + "x".repeat(70_000) + "\"}",
                    "X-Request-Id",
                    "r-413")
                .assertProblem(413));
    assertEquals(
        List.of("r-400", "r-401", "r-404", "r-404b", "r-413"),
        problems.stream().map(p -> p.header("X-Request-Id").orElse("(none)")).toList());
    ILoggingEvent refused = awaitLine(ACCESS, e -> "r-401".equals(requestIdOf(e)));
    assertEquals(
        "POST " + comments + " 401", refused.getFormattedMessage().replaceAll(" [0-9.]+ ms$", ""));
  }

  @Test
  void theGatewaysRoutesAndIntegrationCallsCarryItAndLogAtDebugWithTheConnectionId() {
    assertEquals(
        Optional.of("r-410"),
        api.send("POST", "/@connections/bm9uZQ%3D%3D", null, "{}", "X-Request-Id", "r-410")
            .header("X-Request-Id"));
    assertEquals(
        Optional.of("r-count"),
        api.send("GET", "/api/v1/websocket/connections", null, null, "X-Request-Id", "r-count")
            .header("X-Request-Id"));

    String connection = "Y29ubmVjdA" + UUID.randomUUID().toString().substring(0, 4) + "=";
    Reply connected =
        api.post(
            "/api/v1/websocket/connect",
            null,
            "{\"requestContext\":{\"connectionId\":\""
                + connection
                + "\",\"requestId\":\"gw-1\"},"
                + "\"queryStringParameters\":{\"token\":\"not-a-secret-but-never-logged\"}}",
            "X-Request-Id",
            "gw-1");
    assertEquals(401, connected.status(), connected.text());
    ILoggingEvent access = awaitLine(ACCESS, e -> "gw-1".equals(requestIdOf(e)));
    assertEquals(Level.DEBUG, access.getLevel(), "10,000 connects must not flood the log");

    api.post(
        "/api/v1/websocket/connect",
        null,
        "{\"requestContext\":{\"connectionId\":\"" + connection + "\",\"requestId\":\"gw-2\"}}",
        "X-Request-Id",
        "gw-2");
    ILoggingEvent work =
        awaitLine(
            WebSocketIntegrationController.class.getName(), e -> "gw-2".equals(requestIdOf(e)));
    assertEquals(connection, work.getMDCPropertyMap().get("connectionId"));
  }

  @Test
  void theAccessLogNeverShowsTheQueryString() {
    String post = UUID.randomUUID().toString();
    api.send(
        "GET",
        "/api/v1/posts/" + post + "/comments?limit=5&token=secret-token",
        null,
        null,
        "X-Request-Id",
        "r-query");
    ILoggingEvent access = awaitLine(ACCESS, e -> "r-query".equals(requestIdOf(e)));
    assertTrue(
        access.getFormattedMessage().startsWith("GET /api/v1/posts/" + post + "/comments 404 "),
        access.getFormattedMessage());
    assertFalse(access.getFormattedMessage().contains("secret-token"));
  }

  @Test
  void aDrainingStopsRefusalsCarryTheRequestId() {
    try (EmbeddedServer stopping =
        ApplicationContext.run(EmbeddedServer.class, Map.of("livecomments.store", "memory"))) {
      stopping.getApplicationContext().getBean(GracefulShutdown.class).drain();
      Reply refused =
          new Api(stopping.getURI())
              .send(
                  "GET", "/api/v1/posts/" + UUID.randomUUID(), null, null, "X-Request-Id", "r-503")
              .assertProblem(503);
      assertEquals(Optional.of("r-503"), refused.header("X-Request-Id"));
    }
  }

  @Test
  void aFormatSetInTheConfigurationIsAppliedAtStart() {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    try (ApplicationContext json =
        ApplicationContext.run(
            Map.of("livecomments.store", "memory", "livecomments.log.format", "json"))) {
      assertEquals(LogFormat.JSON, rootEncoder(logback).format());
    } finally {
      LogFormatEncoder.useEverywhere(logback, LogFormat.TEXT);
    }
  }

  private static LogFormatEncoder rootEncoder(LoggerContext logback) {
    var stdout =
        (ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>)
            logback.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    return (LogFormatEncoder) stdout.getEncoder();
  }
}
