package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Optional;

/**
 * The live demo page at {@code /demo/} ({@code /} redirects to it): a post's comments as they
 * change, written with the browser client of {@code clients/js}. Part of the local gateway, so it
 * exists only where the local gateway does, never beside a real API Gateway.
 *
 * <p>Only the files listed here are served, so no path can reach another resource of the jar. The
 * page loads nothing but its own files and talks only to this origin, which its Content Security
 * Policy says, so that a mistake that let user content in as HTML still could not run a script.
 */
@Controller
@Requires(condition = LocalGatewayEnabledCondition.class)
@Secured(SecurityRule.IS_ANONYMOUS)
public class DemoController {

  static final String PAGE = "/demo/";

  private static final Map<String, MediaType> FILES =
      Map.of(
          "index.html", MediaType.TEXT_HTML_TYPE,
          "demo.css", MediaType.of("text/css"),
          "demo.js", MediaType.of("text/javascript"),
          "client/index.js", MediaType.of("text/javascript"),
          "client/index.d.ts", MediaType.TEXT_PLAIN_TYPE);

  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  private final ResourceResolver resources;

  public DemoController(ResourceResolver resources) {
    this.resources = resources;
  }

  @Get
  public HttpResponse<?> root() {
    return HttpResponse.seeOther(URI.create(PAGE));
  }

  /** {@code /demo} and {@code /demo/} alike: the page refers to its files by absolute paths. */
  @Get("/demo")
  public HttpResponse<?> page() {
    return file("index.html");
  }

  @Get("/demo/{file}")
  public HttpResponse<?> pageFile(@PathVariable String file) {
    return file(file);
  }

  @Get("/demo/client/{file}")
  public HttpResponse<?> clientFile(@PathVariable String file) {
    return file("client/" + file);
  }

  private HttpResponse<?> file(String name) {
    MediaType type = FILES.get(name);
    Optional<URL> resource =
        type == null ? Optional.empty() : resources.getResource("classpath:demo/" + name);
    if (resource.isEmpty()) {
      // Answered like any unknown path (problem+json), since the page serves no other file.
      throw new HttpStatusException(HttpStatus.NOT_FOUND, "Page Not Found");
    }
    return HttpResponse.ok(new StreamedFile(resource.get()))
        .contentType(type)
        // A new jar serves a new page: the browser asks again rather than keep an old copy.
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("Referrer-Policy", "no-referrer");
  }
}
