package io.livecomments.adapters.rest.websocket;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.auth.AuthMode;
import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.adapters.rest.docs.RequestIdHeader;
import io.livecomments.application.port.in.SendTestMessageUseCase;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;

/**
 * {@code POST /api/v1/websocket/test}: a {@code test} message to every connection. Outside dev mode
 * only the users of {@code livecomments.websocket.test-users} may, so that no ordinary user can
 * message everyone.
 */
@Controller("/api/v1/websocket/test")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.WEBSOCKET)
public class TestBroadcastController {

  static final int MAX_MESSAGE_LENGTH = 2000;

  private final SendTestMessageUseCase sendTest;
  private final boolean anyoneMay;
  private final Set<String> testUsers;

  public TestBroadcastController(
      SendTestMessageUseCase sendTest, AuthMode mode, WebSocketConfiguration configuration) {
    this.sendTest = sendTest;
    this.anyoneMay = mode == AuthMode.DEV;
    this.testUsers = configuration.testUserIds();
  }

  @Post
  @Operation(
      operationId = "sendTestMessage",
      summary = "Push a test message to every connection",
      description =
          "Outside dev auth mode only the users listed in livecomments.websocket.test-users may.")
  @SecurityRequirement(name = ApiDocumentation.BEARER)
  @RequestIdHeader
  @ApiResponse(
      responseCode = "202",
      description = "The message is on its way",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
  @ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
  @ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
  @ApiResponse(responseCode = "413", ref = ApiDocumentation.BODY_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocumentation.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
  public HttpResponse<TestSent> send(
      @Nullable @Body TestRequest body, Authentication authentication) {
    if (!anyoneMay && !testUsers.contains(authentication.getName())) {
      throw new AccessDeniedException(
          "Only users listed in livecomments.websocket.test-users may send test messages");
    }
    String message = Bodies.string("message", body == null ? null : body.message());
    if (message.length() > MAX_MESSAGE_LENGTH) {
      throw new InvalidValueException(
          "message", "message must be at most " + MAX_MESSAGE_LENGTH + " characters");
    }
    return HttpResponse.accepted().body(new TestSent(sendTest.sendTest(message)));
  }

  @Serdeable
  @Schema(name = "TestRequest", description = "The test message")
  public record TestRequest(
      @Schema(
              type = "string",
              description = "Up to 2000 characters",
              requiredMode = Schema.RequiredMode.REQUIRED,
              example = "hello all")
          @Nullable
          Object message) {}

  @Serdeable
  @Schema(name = "TestSent", description = "How many connections the message goes to")
  public record TestSent(int connectionCount) {}
}
