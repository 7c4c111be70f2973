package io.livecomments.adapters.rest.websocket;

import io.livecomments.adapters.rest.auth.InvalidTokenException;
import io.livecomments.adapters.rest.auth.JwtVerifier;
import io.livecomments.adapters.rest.auth.VerifiedUser;
import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.adapters.rest.docs.RequestIdHeader;
import io.livecomments.application.port.in.ConnectUseCase;
import io.livecomments.application.port.in.ConnectUseCase.ConnectCommand;
import io.livecomments.application.port.in.CountConnectionsUseCase;
import io.livecomments.application.port.in.DisconnectUseCase;
import io.livecomments.application.port.in.HandleClientMessageUseCase;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The endpoints API Gateway's WebSocket API calls on {@code $connect}, {@code $disconnect} and
 * {@code $default}. They act on other people's connections, so when an integration secret is
 * configured only callers that present it get here ({@link IntegrationSecretFilter}). The event
 * comes in either of API Gateway's two integration styles ({@link GatewayEvents}).
 */
@Controller("/api/v1/websocket")
// In proxy style the body is the client's frame, sent with whatever content type it had, if any.
@Consumes(MediaType.ALL)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.WEBSOCKET)
public class WebSocketIntegrationController {

  /**
   * The qualifier of the Management API endpoint bean, present when one is configured; without it
   * pushes go to this server's own local gateway.
   */
  public static final String MANAGEMENT_ENDPOINT = "management-endpoint";

  /** More subscriptions than a page could show is a mistake or an attack. */
  static final int MAX_SUBSCRIPTIONS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketIntegrationController.class);

  /**
   * The log context's key for the connection a call is about (bootstrap's LogContext names it too),
   * so that the lines of the work it causes, pushes to that connection included, name it.
   */
  static final String CONNECTION_ID = "connectionId";

  private final ConnectUseCase connect;
  private final DisconnectUseCase disconnect;
  private final HandleClientMessageUseCase handleMessage;
  private final CountConnectionsUseCase countConnections;
  private final ClientFrames frames;
  private final GatewayEvents events;
  private final JwtVerifier verifier;
  private final Optional<URI> managementEndpoint;

  public WebSocketIntegrationController(
      ConnectUseCase connect,
      DisconnectUseCase disconnect,
      HandleClientMessageUseCase handleMessage,
      CountConnectionsUseCase countConnections,
      ClientFrames frames,
      GatewayEvents events,
      JwtVerifier verifier,
      @Named(MANAGEMENT_ENDPOINT) Optional<URI> managementEndpoint) {
    this.connect = connect;
    this.disconnect = disconnect;
    this.handleMessage = handleMessage;
    this.countConnections = countConnections;
    this.frames = frames;
    this.events = events;
    this.verifier = verifier;
    this.managementEndpoint = managementEndpoint;
  }

  @Post("/connect")
  @Operation(
      operationId = "connect",
      summary = "$connect: register a WebSocket connection (API Gateway only)",
      description =
          "Subscribes the connection to the posts in postId (none: it hears every post) and, with"
              + " a token, binds it to that user. Any answer but 2xx makes API Gateway reject the"
              + " connection. Proxy style: postId and token are this request's query parameters,"
              + " and the handshake headers API Gateway forwards are ignored.")
  @Parameter(name = "postId", in = ParameterIn.QUERY, ref = "#/components/parameters/postId")
  @Parameter(name = "token", in = ParameterIn.QUERY, ref = "#/components/parameters/token")
  @Parameter(
      name = "batch",
      in = ParameterIn.QUERY,
      description =
          "1 (or true): whatever waits for this connection leaves as one batch frame (CONTRACT"
              + " section 5); 0, false or absent: one message per frame",
      schema =
          @Schema(
              type = "string",
              allowableValues = {"0", "1", "true", "false"}))
  @RequestBody(
      description = "JSON style: the event. Proxy style (X-Connection-Id): none, or ignored.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = GatewayEvent.class)))
  @SecurityRequirement(name = ApiDocumentation.INTEGRATION_SECRET)
  @RequestIdHeader
  @ProxyStyleHeaders
  @ApiResponse(
      responseCode = "200",
      description = "Connected (body {\"message\":\"Connected successfully\"})",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
  @ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
  @ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
  @ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
  public IntegrationResponse connect(HttpRequest<?> request, @Nullable @Body String body) {
    GatewayEvent event = events.read(request, body);
    return forConnection(event.connectionId(), () -> connect(event.connectionId(), event));
  }

  /** Runs the call with the connection id in the log context, so every line it writes names it. */
  private static IntegrationResponse forConnection(
      ConnectionId connectionId, Supplier<IntegrationResponse> call) {
    try (MDC.MDCCloseable logged = MDC.putCloseable(CONNECTION_ID, connectionId.value())) {
      return call.get();
    }
  }

  private IntegrationResponse connect(ConnectionId connectionId, GatewayEvent event) {
    Set<PostId> subscriptions = postIds(event.query("postId"));
    Optional<UserId> user = Optional.empty();
    String token = event.query("token");
    if (token != null) {
      VerifiedUser verified = verifier.verify(token).orElseThrow(InvalidTokenException::new);
      user = Optional.of(new UserId(verified.userId()));
    }
    boolean batch = batch(event.query("batch"));
    connect.connect(new ConnectCommand(connectionId, subscriptions, user, batch));
    LOG.debug("Connected {} subscribed to {}", connectionId.value(), subscriptions.size());
    return IntegrationResponse.ok("Connected successfully");
  }

  @Post("/disconnect")
  @Operation(
      operationId = "disconnect",
      summary = "$disconnect: forget a WebSocket connection (API Gateway only)",
      description = "Succeeds for an unknown connection id too.")
  @RequestBody(
      description = "JSON style: the event. Proxy style (X-Connection-Id): none, or ignored.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = GatewayEvent.class)))
  @SecurityRequirement(name = ApiDocumentation.INTEGRATION_SECRET)
  @RequestIdHeader
  @ProxyStyleHeaders
  @ApiResponse(
      responseCode = "200",
      description = "Disconnected",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
  @ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
  @ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
  public IntegrationResponse disconnect(HttpRequest<?> request, @Nullable @Body String body) {
    ConnectionId connectionId = events.read(request, body).connectionId();
    return forConnection(
        connectionId,
        () -> {
          disconnect.disconnect(connectionId);
          return IntegrationResponse.ok("Disconnected successfully");
        });
  }

  @Post("/default")
  @Operation(
      operationId = "handleClientFrame",
      summary = "$default: a client's frame (API Gateway only)",
      description =
          "Frames: {\"action\":\"subscribe\"|\"unsubscribe\",\"postId\"}, {\"action\":\"whoami\"}"
              + " (replied to with connection.info), {\"action\":\"ping\"} (pong). Anything else"
              + " is answered with an error message over the WebSocket, never with a 5xx nor by"
              + " closing the connection.")
  @RequestBody(
      description =
          "JSON style: the event, with the frame in body. Proxy style (X-Connection-Id): the"
              + " frame itself (such as {\"action\":\"ping\"}), as the client sent it, whatever"
              + " the content type.",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GatewayEvent.class)),
        @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(implementation = String.class))
      })
  @SecurityRequirement(name = ApiDocumentation.INTEGRATION_SECRET)
  @RequestIdHeader
  @ProxyStyleHeaders
  @ApiResponse(
      responseCode = "200",
      description = "Handled; any reply travels over the WebSocket",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
  @ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
  @ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
  public IntegrationResponse message(HttpRequest<?> request, @Nullable @Body String body) {
    GatewayEvent event = events.read(request, body);
    return forConnection(
        event.connectionId(),
        () -> {
          handleMessage.handle(event.connectionId(), frames.read(event.body()));
          return IntegrationResponse.ok("Message received");
        });
  }

  /**
   * The connection count may have been taken a while ago (the DynamoDB registry counts at most once
   * per interval, a scan being costly), so {@code countedAt} says when, next to {@code timestamp}.
   */
  @Get("/connections")
  @Operation(
      operationId = "countConnections",
      summary = "How many WebSocket connections are registered")
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The count, and when it was taken",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
  public ConnectionsHealth connections(HttpRequest<?> request) {
    InetSocketAddress self = request.getServerAddress();
    ConnectionCount count = countConnections.countConnections();
    return new ConnectionsHealth(
        "healthy",
        count.connections(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
        managementEndpoint
            .map(URI::toString)
            .orElseGet(() -> "http://" + self.getHostString() + ":" + self.getPort()),
        count.countedAt().truncatedTo(ChronoUnit.MILLIS).toString());
  }

  @Serdeable
  @Schema(name = "ConnectionsHealth", description = "The registry's connection count")
  public record ConnectionsHealth(
      String status, int connectionCount, String timestamp, String endpoint, String countedAt) {}

  private static boolean batch(@Nullable String parameter) {
    if (parameter == null || parameter.isBlank()) {
      return false;
    }
    return switch (parameter.trim()) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw new InvalidValueException("batch", "batch must be 1 or 0");
    };
  }

  private static Set<PostId> postIds(@Nullable String parameter) {
    if (parameter == null || parameter.isBlank()) {
      return Set.of();
    }
    Set<PostId> ids = new LinkedHashSet<>();
    Arrays.stream(parameter.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(s -> ids.add(new PostId(s)));
    if (ids.size() > MAX_SUBSCRIPTIONS) {
      throw new InvalidValueException(
          "postId", "At most " + MAX_SUBSCRIPTIONS + " posts per connection");
    }
    return ids;
  }
}
