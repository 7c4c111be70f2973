package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.adapters.rest.problem.UnknownRouteController;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document as the running service serves it, and the routes it has, so that a test can
 * hold the one against the other.
 */
final class OpenApiDocument {

  static final String PATH = "/openapi/livecomments.yml";

  private static final String MANAGEMENT_ENDPOINT =
      "io.micronaut.management.endpoint.annotation.Endpoint";

  /**
   * Routes the document leaves out on purpose, each with the reason. Anything else the router has
   * must be documented, and everything documented must be a route.
   */
  static final Map<String, Predicate<UriRouteInfo<?, ?>>> UNDOCUMENTED =
      Map.of(
          "management endpoints (CONTRACT §9: /health, /prometheus), which describe the service"
              + " rather than the API and are not ours to document",
          route ->
              route.getAnnotationMetadata().hasStereotype(MANAGEMENT_ENDPOINT)
                  || Arrays.stream(route.getTargetMethod().getDeclaringType().getAnnotations())
                      .anyMatch(a -> a.annotationType().getName().equals(MANAGEMENT_ENDPOINT)),
          "the local gateway (CONTRACT §7: /ws, /@connections/{id}, /{stage}/broadcast/comments),"
              + " a stand-in for API Gateway that production does not run",
          route ->
              route
                  .getTargetMethod()
                  .getDeclaringType()
                  .getPackageName()
                  .startsWith("io.livecomments.localgateway"),
          "the catch-all 404, which answers for every path that is no route",
          route -> route.getTargetMethod().getDeclaringType() == UnknownRouteController.class,
          "the HEAD that Micronaut adds beside every GET: the GET's answer without its body, which"
              + " OpenAPI leaves implicit",
          route -> route.getHttpMethodName().equals("HEAD"));

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private final Map<String, Object> root;

  private OpenApiDocument(Map<String, Object> root) {
    this.root = root;
  }

  /** Fetches the document anonymously, as any client would. */
  static OpenApiDocument fetch(Api api) {
    Api.Reply reply = api.get(PATH);
    assertEquals(200, reply.status(), reply.text());
    return new OpenApiDocument(new Yaml().load(reply.text()));
  }

  Map<String, Object> root() {
    return root;
  }

  /** Every documented operation as {@code "GET /api/v1/posts/{postId}"}. */
  Set<String> operations() {
    return paths().entrySet().stream()
        .flatMap(
            path ->
                map(path.getValue()).keySet().stream()
                    .filter(METHODS::contains)
                    .map(method -> method.toUpperCase() + " " + path.getKey()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  Map<String, Object> operation(String method, String path) {
    return map(map(paths().get(path)).get(method.toLowerCase()));
  }

  Map<String, Object> paths() {
    return map(root.get("paths"));
  }

  /** What a {@code $ref} such as {@code #/components/responses/NotFound} points at. */
  Map<String, Object> resolve(String ref) {
    Object node = root;
    for (String part : ref.substring(2).split("/")) {
      node = map(node).get(part);
    }
    return map(node);
  }

  /** The routes of the running application, as {@code "GET /api/v1/posts/{postId}"}. */
  static Set<String> routesOf(Router router) {
    return router
        .uriRoutes()
        .filter(route -> UNDOCUMENTED.values().stream().noneMatch(skip -> skip.test(route)))
        .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node) {
    return node == null ? List.of() : (List<Object>) node;
  }
}
