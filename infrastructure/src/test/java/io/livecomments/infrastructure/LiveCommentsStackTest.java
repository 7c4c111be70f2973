package io.livecomments.infrastructure;

import static io.livecomments.infrastructure.Cfn.list;
import static io.livecomments.infrastructure.Cfn.map;
import static io.livecomments.infrastructure.Cfn.props;
import static io.livecomments.infrastructure.Cfn.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.adapters.dynamodb.DynamoDbTables;
import io.livecomments.adapters.dynamodb.DynamoDbTables.TableDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * The stack as CloudFormation will see it, synthesized in this JVM with no CDK CLI, AWS account or
 * Docker: once with the defaults of CONTRACT §10 and a pushed image, once for a dev stage that
 * builds its image from the repository's Dockerfile.
 */
class LiveCommentsStackTest {

  private static final String IMAGE =
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/livecomments:1.4.2";

  private static Synthesis prod;
  private static Synthesis dev;
  private static Synthesis bridge;

  @BeforeAll
  static void synthesize() {
    prod =
        Synthesis.of(
            Map.of(
                "authMode", "firebase",
                "firebaseProjectId", "acme-comments",
                "imageUri", IMAGE,
                "corsAllowedOrigins", "https://comments.example.com"));
    dev =
        Synthesis.of(
            Map.of(
                "stage", "dev",
                "authMode", "dev",
                "throttleRate", "50",
                "throttleBurst", "100",
                "desiredCount", 1,
                "extraRoutes", List.of("sendmessage")));
    bridge =
        Synthesis.of(
            Map.of(
                "stage", "dev",
                "authMode", "dev",
                "imageUri", IMAGE,
                "broadcast", "http-bridge"));
  }

  /** What `cdk synth` would print as a WARNING or an ERROR, a user would take for a fault. */
  @Test
  void noSynthesisLeavesAWarningOrAnErrorForTheUser() {
    for (Synthesis synthesis : List.of(prod, dev, bridge)) {
      List<String> messages =
          synthesis.assembly().getStacks().stream()
              .flatMap(stack -> stack.getMessages().stream())
              .filter(
                  message ->
                      message.getLevel() != software.amazon.awscdk.cxapi.SynthesisMessageLevel.INFO)
              .map(message -> message.getId() + ": " + message.getEntry().getData())
              .toList();
      assertEquals(List.of(), messages, synthesis.settings().stage());
    }
  }

  @Test
  void withHttpBridgeTheBroadcastLambdaRunsTheShadedJarOnJava21WithSnapStartBehindAnAlias()
      throws IOException {
    Cfn cfn = bridge.cfn();
    Map.Entry<String, Map<String, Object>> function = broadcastFunction(cfn);
    Map<String, Object> fn = props(function.getValue());
    assertEquals("java21", fn.get("Runtime"));
    assertEquals(LiveCommentsStack.BROADCAST_HANDLER, fn.get("Handler"));
    assertEquals(Map.of("ApplyOn", "PublishedVersions"), fn.get("SnapStart"));
    assertTrue(((Number) fn.get("Timeout")).intValue() >= 30, "timeout " + fn.get("Timeout"));
    assertEquals(1024, fn.get("MemorySize"));
    assertTrue(map(fn.get("Code")).containsKey("S3Bucket"), "a file asset: " + fn.get("Code"));

    // SnapStart applies to published versions only: the route invokes the alias of one.
    String version =
        cfn.only("AWS::Lambda::Version", "FunctionName", Map.of("Ref", function.getKey())).getKey();
    Map.Entry<String, Map<String, Object>> alias =
        cfn.only("AWS::Lambda::Alias", "FunctionName", Map.of("Ref", function.getKey()));
    assertEquals(
        "{GetAtt:" + version + ".Version}", text(props(alias.getValue()).get("FunctionVersion")));

    // The asset is the shaded jar of lambda-broadcast, staged as it is.
    Path jar =
        LiveCommentsStack.lambdaJar(LiveCommentsApp.repositoryRoot(Path.of("").toAbsolutePath()));
    assertTrue(
        fileAssets(bridge).stream().anyMatch(asset -> sameSize(asset, jar)),
        "no file asset of " + jar + " in " + fileAssets(bridge));
  }

  @Test
  void theBroadcastLambdasEnvironmentNamesTheCallbackUrlThePrefixAndTheSecretByReference() {
    Cfn cfn = bridge.cfn();
    Map<String, Object> variables =
        map(map(props(broadcastFunction(cfn).getValue()).get("Environment")).get("Variables"));
    assertEquals(
        Set.of(
            "LIVECOMMENTS_APIGATEWAY_ENDPOINT",
            "LIVECOMMENTS_DYNAMODB_TABLE_PREFIX",
            "LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET"),
        variables.keySet());
    assertEquals(
        value(map(cfn.json().get("Outputs")), "ManagementApiEndpoint"),
        text(variables.get("LIVECOMMENTS_APIGATEWAY_ENDPOINT")));
    assertEquals("livecomments-dev-", variables.get("LIVECOMMENTS_DYNAMODB_TABLE_PREFIX"));
    String secret = single(cfn.resources("AWS::SecretsManager::Secret").keySet());
    Object secretValue = variables.get("LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET");
    assertTrue(secretValue instanceof Map, "a reference resolved at deploy time, never a literal");
    assertEquals(
        "{{resolve:secretsmanager:{Ref:" + secret + "}:SecretString:::}}", text(secretValue));
  }

  @Test
  void theBroadcastLambdaMayOnlyReadTheAudienceRemoveConnectionsAndPushOnThisStage() {
    Cfn cfn = bridge.cfn();
    String role =
        text(props(broadcastFunction(cfn).getValue()).get("Role"))
            .replaceAll("\\{GetAtt:(\\w+)\\.Arn}", "$1");
    List<Map<String, Object>> statements = statementsOf(cfn, role);
    assertEquals(3, statements.size(), statements.toString());
    Map<String, Object> query = statementWith(statements, "dynamodb:Query");
    assertEquals(List.of("dynamodb:Query"), actions(query));
    assertEquals(
        Set.of("{GetAtt:ConnectionsTable.Arn}", "{GetAtt:ConnectionsTable.Arn}/index/byAudience"),
        Set.copyOf(resources(query)));
    Map<String, Object> remove = statementWith(statements, "dynamodb:Scan");
    assertEquals(Set.of("dynamodb:Scan", "dynamodb:DeleteItem"), Set.copyOf(actions(remove)));
    assertEquals(List.of("{GetAtt:ConnectionsTable.Arn}"), resources(remove));
    Map<String, Object> push = statementWith(statements, "execute-api:");
    assertEquals(List.of("execute-api:ManageConnections"), actions(push));
    String api = cfn.only("AWS::ApiGatewayV2::Api", "ProtocolType", "WEBSOCKET").getKey();
    assertEquals(
        List.of(
            "arn:{Ref:AWS::Partition}:execute-api:{Ref:AWS::Region}:{Ref:AWS::AccountId}:{Ref:"
                + api
                + "}/dev/POST/@connections/*"),
        resources(push));
    for (Map<String, Object> statement : statements) {
      assertFalse(resources(statement).contains("*"), statement.toString());
    }
  }

  @Test
  void theBridgeIsPostStageBroadcastCommentsOnTheHttpApiAndTheServicePostsThere() {
    Cfn cfn = bridge.cfn();
    String restApi = cfn.only("AWS::ApiGatewayV2::Api", "ProtocolType", "HTTP").getKey();
    Map<String, Object> route =
        props(
            cfn.only("AWS::ApiGatewayV2::Route", "RouteKey", "POST /dev/broadcast/comments")
                .getValue());
    assertEquals(Map.of("Ref", restApi), route.get("ApiId"));
    String target = text(route.get("Target"));
    Map<String, Object> integration =
        props(cfn.resource(target.substring("integrations/{Ref:".length(), target.length() - 1)));
    assertEquals("AWS_PROXY", integration.get("IntegrationType"));
    assertEquals("2.0", integration.get("PayloadFormatVersion"));
    String alias = single(cfn.resources("AWS::Lambda::Alias").keySet());
    assertEquals("{Ref:" + alias + "}", text(integration.get("IntegrationUri")));
    assertTrue(
        cfn.resources("AWS::Lambda::Permission").values().stream()
            .map(Cfn::props)
            .anyMatch(
                p ->
                    "apigateway.amazonaws.com".equals(p.get("Principal"))
                        && Map.of("Ref", alias).equals(p.get("FunctionName"))),
        "API Gateway may invoke the alias");

    Map<String, String> environment = environment(container(cfn));
    assertEquals("http-bridge", environment.get("LIVECOMMENTS_BROADCAST"));
    assertEquals(
        value(map(cfn.json().get("Outputs")), "RestApiUrl"),
        environment.get("LIVECOMMENTS_HTTP_BRIDGE_ENDPOINT"));
    assertEquals("dev", environment.get("LIVECOMMENTS_HTTP_BRIDGE_STAGE"));
    assertTrue(
        list(container(cfn).get("Secrets")).stream()
            .anyMatch(
                secret ->
                    "LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET".equals(map(secret).get("Name"))),
        "the service sends the secret the Lambda checks");
  }

  @Test
  void withApigatewayThereIsNoBroadcastLambdaAndNoBridge() {
    for (Synthesis synthesis : List.of(prod, dev)) {
      Cfn cfn = synthesis.cfn();
      assertTrue(
          cfn.resources("AWS::Lambda::Function").values().stream()
              .map(Cfn::props)
              .noneMatch(f -> LiveCommentsStack.BROADCAST_HANDLER.equals(f.get("Handler"))));
      assertTrue(cfn.resources("AWS::Lambda::Alias").isEmpty());
      assertTrue(
          cfn.resources("AWS::ApiGatewayV2::Route").values().stream()
              .map(Cfn::props)
              .noneMatch(r -> String.valueOf(r.get("RouteKey")).contains("broadcast")));
      Map<String, String> environment = environment(container(cfn));
      assertEquals("apigateway", environment.get("LIVECOMMENTS_BROADCAST"));
      assertFalse(environment.containsKey("LIVECOMMENTS_HTTP_BRIDGE_ENDPOINT"));
      assertFalse(environment.containsKey("LIVECOMMENTS_HTTP_BRIDGE_STAGE"));
    }
  }

  @Test
  void theThreeRoutesReachTheirEndpointsThroughTheVpcLinkWithTheEventInHeaders() {
    Cfn cfn = prod.cfn();
    Map<String, String> endpoints =
        Map.of("$connect", "connect", "$disconnect", "disconnect", "$default", "default");
    assertEquals(
        Set.of("$connect", "$disconnect", "$default"),
        webSocketRoutes(cfn).stream().map(r -> r.get("RouteKey")).collect(Collectors.toSet()));
    String vpcLink = single(cfn.resources("AWS::ApiGateway::VpcLink").keySet());
    String balancer = single(cfn.resources("AWS::ElasticLoadBalancingV2::LoadBalancer").keySet());
    assertEquals(
        "internal",
        props(cfn.resource(balancer)).get("Scheme"),
        "the service is reachable only through the VPC links");
    assertEquals(
        List.of("{Ref:" + balancer + "}"),
        list(props(cfn.resource(vpcLink)).get("TargetArns")).stream().map(Cfn::text).toList());

    endpoints.forEach(
        (routeKey, endpoint) -> {
          Map<String, Object> integration = integrationOf(cfn, routeKey);
          assertEquals("HTTP_PROXY", integration.get("IntegrationType"), routeKey);
          assertEquals("POST", integration.get("IntegrationMethod"), routeKey);
          assertEquals("VPC_LINK", integration.get("ConnectionType"), routeKey);
          assertEquals("{Ref:" + vpcLink + "}", text(integration.get("ConnectionId")), routeKey);
          assertEquals(
              "http://{GetAtt:" + balancer + ".DNSName}:80/api/v1/websocket/" + endpoint,
              text(integration.get("IntegrationUri")));
          Map<String, Object> parameters = map(integration.get("RequestParameters"));
          assertEquals(
              "context.connectionId", parameters.get("integration.request.header.X-Connection-Id"));
          assertEquals(
              "context.eventType", parameters.get("integration.request.header.X-Event-Type"));
          assertEquals(
              "context.routeKey", parameters.get("integration.request.header.X-Route-Key"));
          assertEquals(
              "context.requestId", parameters.get("integration.request.header.X-Request-Id"));
        });
  }

  @Test
  void connectDeclaresPostIdTokenAndBatchAndPassesThemAsTheQueryString() {
    Cfn cfn = prod.cfn();
    Map<String, Object> route = webSocketRoute(cfn, "$connect");
    Map<String, Object> integration = integrationOf(cfn, "$connect");
    for (String query : List.of("postId", "token", "batch")) {
      assertEquals(
          Map.of("Required", false),
          map(route.get("RequestParameters")).get("route.request.querystring." + query),
          "optional: a connection may subscribe to nothing and be anonymous");
      assertEquals(
          "route.request.querystring." + query,
          map(integration.get("RequestParameters"))
              .get("integration.request.querystring." + query));
    }
    for (String routeKey : List.of("$disconnect", "$default")) {
      assertFalse(
          map(integrationOf(cfn, routeKey).get("RequestParameters")).keySet().stream()
              .anyMatch(key -> key.contains("querystring")),
          "query strings can be mapped on $connect only; " + routeKey);
    }
  }

  @Test
  void theIntegrationSecretIsASecretsManagerReferenceSentByEveryRouteAndGivenToTheTask() {
    Cfn cfn = prod.cfn();
    String secret = single(cfn.resources("AWS::SecretsManager::Secret").keySet());
    String expected = "'{{resolve:secretsmanager:{Ref:" + secret + "}:SecretString:::}}'";
    for (String routeKey : List.of("$connect", "$disconnect", "$default")) {
      Object header =
          map(integrationOf(cfn, routeKey).get("RequestParameters"))
              .get("integration.request.header.X-Integration-Secret");
      assertTrue(header instanceof Map, "a reference resolved at deploy time, never a literal");
      assertEquals(expected, text(header), routeKey);
    }
    Map<String, Object> container = container(cfn);
    assertEquals(
        List.of(
            Map.of(
                "Name",
                "LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET",
                "ValueFrom",
                Map.of("Ref", secret))),
        container.get("Secrets"));
    assertFalse(
        environment(container).containsKey("LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET"),
        "the secret's value is not in the task's plain environment");
  }

  @Test
  void theStageThrottlesAtTheContextsRatesAndLogsAccessAndExecution() {
    Map<String, Object> stage = webSocketStage(prod.cfn());
    Map<String, Object> routeSettings = map(stage.get("DefaultRouteSettings"));
    assertEquals("prod", stage.get("StageName"));
    assertEquals(1000, ((Number) routeSettings.get("ThrottlingRateLimit")).intValue());
    assertEquals(2000, ((Number) routeSettings.get("ThrottlingBurstLimit")).intValue());
    assertEquals("INFO", routeSettings.get("LoggingLevel"));
    assertEquals(
        false, routeSettings.get("DataTraceEnabled"), "data traces would log the secret header");
    Map<String, Object> accessLogs = map(stage.get("AccessLogSettings"));
    String logGroup =
        single(
            prod.cfn().resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.startsWith("WebSocketAccessLogs"))
                .collect(Collectors.toSet()));
    assertEquals("{GetAtt:" + logGroup + ".Arn}", text(accessLogs.get("DestinationArn")));
    String format = (String) accessLogs.get("Format");
    assertTrue(
        format.contains("$context.connectionId") && format.contains("$context.status"), format);

    Map<String, Object> devSettings = map(webSocketStage(dev.cfn()).get("DefaultRouteSettings"));
    assertEquals(50, ((Number) devSettings.get("ThrottlingRateLimit")).intValue());
    assertEquals(100, ((Number) devSettings.get("ThrottlingBurstLimit")).intValue());
  }

  @Test
  void extraRoutesGoToTheDefaultEndpointWithTheSameMappings() {
    Cfn cfn = dev.cfn();
    Map<String, Object> extra = integrationOf(cfn, "sendmessage");
    Map<String, Object> fallback = integrationOf(cfn, "$default");
    assertEquals(text(fallback.get("IntegrationUri")), text(extra.get("IntegrationUri")));
    assertEquals(text(fallback.get("RequestParameters")), text(extra.get("RequestParameters")));
  }

  @Test
  void theFiveTablesAreDynamoDbTablesDefinitionsWithRecoveryAndProtectionInProd() {
    for (Synthesis synthesis : List.of(prod, dev)) {
      Cfn cfn = synthesis.cfn();
      List<TableDefinition> definitions =
          new DynamoDbTables(synthesis.settings().tablePrefix()).tables();
      assertEquals(5, definitions.size());
      assertEquals(
          definitions.size(), cfn.resources("AWS::DynamoDB::Table").size(), "one table each");
      for (TableDefinition definition : definitions) {
        Map<String, Object> resource =
            cfn.only("AWS::DynamoDB::Table", "TableName", definition.tableName()).getValue();
        Map<String, Object> table = props(resource);
        CreateTableRequest request = definition.createRequest();
        String name = definition.tableName();
        assertEquals(keys(request.keySchema()), table.get("KeySchema"), name);
        assertEquals(
            request.attributeDefinitions().stream()
                .map(
                    a ->
                        Map.of(
                            "AttributeName",
                            a.attributeName(),
                            "AttributeType",
                            a.attributeTypeAsString()))
                .toList(),
            table.get("AttributeDefinitions"),
            name);
        assertEquals(
            request.localSecondaryIndexes().stream()
                .map(i -> index(i.indexName(), i.keySchema(), i.projection()))
                .toList(),
            table.getOrDefault("LocalSecondaryIndexes", List.of()),
            name);
        assertEquals(
            request.globalSecondaryIndexes().stream()
                .map(i -> index(i.indexName(), i.keySchema(), i.projection()))
                .toList(),
            table.getOrDefault("GlobalSecondaryIndexes", List.of()),
            name);
        assertEquals(
            definition
                .timeToLiveAttribute()
                .map(a -> (Object) Map.of("AttributeName", a, "Enabled", true))
                .orElse(null),
            table.get("TimeToLiveSpecification"),
            name);
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"), name);
        assertEquals(
            Map.of("PointInTimeRecoveryEnabled", true),
            table.get("PointInTimeRecoverySpecification"),
            name);
        boolean prodStage = synthesis == prod;
        assertEquals(prodStage, table.get("DeletionProtectionEnabled"), name);
        assertEquals(prodStage ? "Retain" : "Delete", resource.get("DeletionPolicy"), name);
      }
    }
    // What the service's TTL and indexes rely on, stated plainly in case both sides drift alike.
    Map<String, Object> connections =
        props(
            prod.cfn()
                .only("AWS::DynamoDB::Table", "TableName", "livecomments-prod-connections")
                .getValue());
    assertEquals("expiresAt", map(connections.get("TimeToLiveSpecification")).get("AttributeName"));
    assertEquals(
        "byAudience", map(list(connections.get("GlobalSecondaryIndexes")).get(0)).get("IndexName"));
    // The change log expires by TTL after livecomments.changes.retention.
    Map<String, Object> changes =
        props(
            prod.cfn()
                .only("AWS::DynamoDB::Table", "TableName", "livecomments-prod-changes")
                .getValue());
    assertEquals("expiresAt", map(changes.get("TimeToLiveSpecification")).get("AttributeName"));
  }

  @Test
  void theTaskRoleMayUseTheAdaptersDynamoDbActionsOnTheseTablesAndPushOnThisStageOnly() {
    Cfn cfn = prod.cfn();
    String taskRole = taskRoleId(cfn);
    List<Map<String, Object>> statements = statementsOf(cfn, taskRole);
    assertEquals(2, statements.size(), statements.toString());

    Map<String, Object> data = statementWith(statements, "dynamodb:");
    assertEquals(
        Set.of(
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:DescribeTable"),
        Set.copyOf(actions(data)),
        "what adapters-dynamodb calls (TransactWriteItems is checked as Put/Update/Delete)");
    assertEquals(
        Set.of(
            "{GetAtt:PostsTable.Arn}",
            "{GetAtt:CommentsTable.Arn}",
            "{GetAtt:CommentsTable.Arn}/index/*",
            "{GetAtt:ChangesTable.Arn}",
            "{GetAtt:IdempotencyTable.Arn}",
            "{GetAtt:ConnectionsTable.Arn}",
            "{GetAtt:ConnectionsTable.Arn}/index/*"),
        Set.copyOf(resources(data)));

    Map<String, Object> push = statementWith(statements, "execute-api:");
    assertEquals(List.of("execute-api:ManageConnections"), actions(push));
    String api =
        single(
            cfn.resources("AWS::ApiGatewayV2::Api").entrySet().stream()
                .filter(e -> "WEBSOCKET".equals(props(e.getValue()).get("ProtocolType")))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet()));
    assertEquals(
        List.of(
            "arn:{Ref:AWS::Partition}:execute-api:{Ref:AWS::Region}:{Ref:AWS::AccountId}:{Ref:"
                + api
                + "}/prod/POST/@connections/*"),
        resources(push));

    // No statement anywhere in the stack grants DynamoDB or execute-api on every resource.
    for (String policy : cfn.resources("AWS::IAM::Policy").keySet()) {
      for (Map<String, Object> statement : statements(cfn.resource(policy))) {
        boolean sensitive =
            actions(statement).stream()
                .anyMatch(a -> a.startsWith("dynamodb:") || a.startsWith("execute-api:"));
        assertFalse(sensitive && resources(statement).contains("*"), policy + ": " + statement);
      }
    }
  }

  @Test
  void theOutputsAreThoseOfTheContract() {
    Map<String, Object> outputs = map(prod.cfn().json().get("Outputs"));
    assertEquals(
        Set.of(
            "WebSocketApiId",
            "WebSocketApiUrl",
            "WebSocketApiStage",
            "ManagementApiEndpoint",
            "RestApiUrl",
            "PostsTableName",
            "CommentsTableName",
            "ChangesTableName",
            "IdempotencyTableName",
            "ConnectionsTableName"),
        outputs.keySet());
    String url = value(outputs, "WebSocketApiUrl");
    assertTrue(url.startsWith("wss://{Ref:WebSocketApi") && url.endsWith("/prod"), url);
    String management = value(outputs, "ManagementApiEndpoint");
    assertEquals(url.replace("wss://", "https://"), management);
    assertTrue(management.contains(".execute-api.{Ref:AWS::Region}."), management);
    assertEquals("prod", value(outputs, "WebSocketApiStage"));
    assertTrue(value(outputs, "RestApiUrl").matches("\\{GetAtt:RestApi\\w*\\.ApiEndpoint}"));
    assertEquals("{Ref:ConnectionsTable}", value(outputs, "ConnectionsTableName"));
  }

  @Test
  void theServiceRunsOnFargateBehindTheInternalBalancerReadyWhenItsStoreIs() {
    Cfn cfn = prod.cfn();
    Map<String, Object> service =
        props(cfn.resource(single(cfn.resources("AWS::ECS::Service").keySet())));
    assertEquals("FARGATE", service.get("LaunchType"));
    assertEquals(2, service.get("DesiredCount"));
    assertEquals(
        1,
        props(dev.cfn().resource(single(dev.cfn().resources("AWS::ECS::Service").keySet())))
            .get("DesiredCount"));
    assertEquals(
        "ENABLED",
        map(map(service.get("NetworkConfiguration")).get("AwsvpcConfiguration"))
            .get("AssignPublicIp"),
        "the Management API is reached over the internet, with no NAT gateway");
    Map<String, Object> targets =
        props(
            cfn.resource(
                single(cfn.resources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet())));
    assertEquals("/health/readiness", targets.get("HealthCheckPath"));
    assertEquals("HTTP", targets.get("HealthCheckProtocol"));
    assertEquals(8080, targets.get("Port"));
    assertEquals(
        "com.amazonaws.{Ref:AWS::Region}.dynamodb",
        text(
            props(cfn.resource(single(cfn.resources("AWS::EC2::VPCEndpoint").keySet())))
                .get("ServiceName")));

    Map<String, String> environment = environment(container(cfn));
    assertEquals("dynamodb", environment.get("LIVECOMMENTS_STORE"));
    assertEquals("apigateway", environment.get("LIVECOMMENTS_BROADCAST"));
    assertEquals("livecomments-prod-", environment.get("LIVECOMMENTS_DYNAMODB_TABLE_PREFIX"));
    assertEquals("false", environment.get("LIVECOMMENTS_LOCAL_GATEWAY_ENABLED"));
    assertEquals("firebase", environment.get("LIVECOMMENTS_AUTH_MODE"));
    assertEquals("acme-comments", environment.get("LIVECOMMENTS_AUTH_FIREBASE_PROJECT_ID"));
    assertEquals(
        "https://comments.example.com", environment.get("LIVECOMMENTS_CORS_ALLOWED_ORIGINS"));
    assertNull(environment(container(dev.cfn())).get("LIVECOMMENTS_CORS_ALLOWED_ORIGINS"));
    assertEquals(
        value(map(cfn.json().get("Outputs")), "ManagementApiEndpoint"),
        environment.get("LIVECOMMENTS_APIGATEWAY_ENDPOINT"),
        "the service pushes to the stage's callback URL");
  }

  @Test
  void theRestApiIsAnHttpApiProxyingToTheSameBalancerThroughAVpcLinkV2() {
    Cfn cfn = prod.cfn();
    Map.Entry<String, Map<String, Object>> api =
        cfn.only("AWS::ApiGatewayV2::Api", "ProtocolType", "HTTP");
    Map<String, Object> route =
        props(
            cfn.only("AWS::ApiGatewayV2::Route", "ApiId", Map.of("Ref", api.getKey())).getValue());
    assertEquals("$default", route.get("RouteKey"));
    Map<String, Object> integration =
        props(
            cfn.resource(text(route.get("Target")).replaceAll("integrations/\\{Ref:(.*)}", "$1")));
    String listener = single(cfn.resources("AWS::ElasticLoadBalancingV2::Listener").keySet());
    assertEquals("{Ref:" + listener + "}", text(integration.get("IntegrationUri")));
    assertEquals("VPC_LINK", integration.get("ConnectionType"));
    String link = text(integration.get("ConnectionId")).replaceAll("\\{Ref:(.*)}", "$1");
    assertEquals("AWS::ApiGatewayV2::VpcLink", cfn.resource(link).get("Type"));
  }

  @Test
  void aPushedImageIsPulledFromItsOwnRepositoryAndNoImageIsBuilt() {
    Map<String, Object> container = container(prod.cfn());
    assertEquals(
        "123456789012.dkr.ecr.eu-west-1.{Ref:AWS::URLSuffix}/livecomments:1.4.2",
        text(container.get("Image")));
    assertTrue(dockerImages(prod).isEmpty());
    String executionPolicy =
        prod.cfn().resources("AWS::IAM::Policy").keySet().stream()
            .filter(id -> id.startsWith("TaskExecutionRole"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> pull =
        statementWith(statements(prod.cfn().resource(executionPolicy)), "ecr:BatchGetImage");
    assertEquals(
        List.of("arn:{Ref:AWS::Partition}:ecr:eu-west-1:123456789012:repository/livecomments"),
        resources(pull));
  }

  @Test
  void withoutAnImageUriTheImageIsAnAssetBuiltFromTheRepositorysDockerfile() throws IOException {
    assertTrue(text(container(dev.cfn()).get("Image")).contains("container-assets"));
    List<Path> images = dockerImages(dev);
    assertEquals(1, images.size());
    Path context = images.get(0);
    assertTrue(Files.isRegularFile(context.resolve("Dockerfile")));
    assertTrue(Files.isRegularFile(context.resolve("mvnw")));
    assertTrue(Files.isRegularFile(context.resolve("bootstrap/pom.xml")));
    try (Stream<Path> files = Files.walk(context)) {
      List<Path> unwanted =
          files
              .filter(
                  p -> {
                    String name = p.getFileName().toString();
                    return name.equals(".git") || name.equals("target") || name.equals("cdk.out");
                  })
              .toList();
      assertEquals(List.of(), unwanted, ".dockerignore keeps build output and history out");
    }
  }

  private static Map.Entry<String, Map<String, Object>> broadcastFunction(Cfn cfn) {
    return cfn.only("AWS::Lambda::Function", "Handler", LiveCommentsStack.BROADCAST_HANDLER);
  }

  /** The staged files of the assembly's file assets. */
  private static List<Path> fileAssets(Synthesis synthesis) {
    Path directory = Path.of(synthesis.assembly().getDirectory());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> manifests = Files.list(directory)) {
      for (Path manifest : manifests.filter(p -> p.toString().endsWith(".assets.json")).toList()) {
        Map<String, Object> assets =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(manifest.toFile(), Map.class);
        for (Object file : map(assets.getOrDefault("files", Map.of())).values()) {
          files.add(directory.resolve((String) map(map(file).get("source")).get("path")));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  private static boolean sameSize(Path staged, Path jar) {
    try {
      return Files.isRegularFile(staged) && Files.size(staged) == Files.size(jar);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The build contexts of the assembly's Docker image assets, staged at synthesis. */
  private static List<Path> dockerImages(Synthesis synthesis) {
    Path directory = Path.of(synthesis.assembly().getDirectory());
    List<Path> contexts = new ArrayList<>();
    try (Stream<Path> manifests = Files.list(directory)) {
      for (Path manifest : manifests.filter(p -> p.toString().endsWith(".assets.json")).toList()) {
        Map<String, Object> assets =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(manifest.toFile(), Map.class);
        Map<String, Object> images = map(assets.getOrDefault("dockerImages", Map.of()));
        for (Object image : images.values()) {
          contexts.add(directory.resolve((String) map(map(image).get("source")).get("directory")));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return contexts;
  }

  private static Map<String, Object> integrationOf(Cfn cfn, String routeKey) {
    Map<String, Object> route = webSocketRoute(cfn, routeKey);
    String target = text(route.get("Target"));
    assertTrue(target.matches("integrations/\\{Ref:\\w+}"), target);
    Map<String, Object> integration =
        cfn.resource(target.substring("integrations/{Ref:".length(), target.length() - 1));
    assertEquals("AWS::ApiGatewayV2::Integration", integration.get("Type"));
    return props(integration);
  }

  private static List<Map<String, Object>> webSocketRoutes(Cfn cfn) {
    String api = cfn.only("AWS::ApiGatewayV2::Api", "ProtocolType", "WEBSOCKET").getKey();
    return cfn.resources("AWS::ApiGatewayV2::Route").values().stream()
        .map(Cfn::props)
        .filter(route -> Map.of("Ref", api).equals(route.get("ApiId")))
        .toList();
  }

  private static Map<String, Object> webSocketRoute(Cfn cfn, String routeKey) {
    return single(
        webSocketRoutes(cfn).stream().filter(r -> routeKey.equals(r.get("RouteKey"))).toList());
  }

  private static Map<String, Object> webSocketStage(Cfn cfn) {
    return cfn.resources("AWS::ApiGatewayV2::Stage").values().stream()
        .map(Cfn::props)
        .filter(stage -> !"$default".equals(stage.get("StageName")))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> container(Cfn cfn) {
    Map<String, Object> task =
        props(cfn.resource(single(cfn.resources("AWS::ECS::TaskDefinition").keySet())));
    return map(single(Set.copyOf(list(task.get("ContainerDefinitions")))));
  }

  private static Map<String, String> environment(Map<String, Object> container) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Object variable : list(container.get("Environment"))) {
      environment.put((String) map(variable).get("Name"), text(map(variable).get("Value")));
    }
    return environment;
  }

  private static String taskRoleId(Cfn cfn) {
    Map<String, Object> task =
        props(cfn.resource(single(cfn.resources("AWS::ECS::TaskDefinition").keySet())));
    return text(task.get("TaskRoleArn")).replaceAll("\\{GetAtt:(\\w+)\\.Arn}", "$1");
  }

  /** Every statement of the inline policies attached to the role. */
  private static List<Map<String, Object>> statementsOf(Cfn cfn, String role) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Map<String, Object> policy : cfn.resources("AWS::IAM::Policy").values()) {
      if (list(props(policy).get("Roles")).contains(Map.of("Ref", role))) {
        statements.addAll(statements(policy));
      }
    }
    return statements;
  }

  private static List<Map<String, Object>> statements(Map<String, Object> policy) {
    return list(map(props(policy).get("PolicyDocument")).get("Statement")).stream()
        .map(Cfn::map)
        .toList();
  }

  private static Map<String, Object> statementWith(
      List<Map<String, Object>> statements, String action) {
    List<Map<String, Object>> found =
        statements.stream()
            .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith(action)))
            .toList();
    assertEquals(1, found.size(), action + " in " + statements);
    return found.get(0);
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof List<?> many
        ? many.stream().map(Object::toString).toList()
        : List.of(action.toString());
  }

  private static List<String> resources(Map<String, Object> statement) {
    Object resource = statement.get("Resource");
    return resource instanceof List<?> many
        ? many.stream().map(Cfn::text).toList()
        : List.of(text(resource));
  }

  private static List<Object> keys(List<KeySchemaElement> keys) {
    return keys.stream()
        .map(
            k ->
                (Object) Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
        .toList();
  }

  private static Map<String, Object> index(
      String name, List<KeySchemaElement> keys, Projection projection) {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ProjectionType", projection.projectionTypeAsString());
    if (projection.hasNonKeyAttributes()) {
      expected.put("NonKeyAttributes", projection.nonKeyAttributes());
    }
    return Map.of("IndexName", name, "KeySchema", keys(keys), "Projection", expected);
  }

  private static String value(Map<String, Object> outputs, String name) {
    return text(map(outputs.get(name)).get("Value"));
  }

  private static <T> T single(java.util.Collection<T> items) {
    assertEquals(1, items.size(), items.toString());
    return items.iterator().next();
  }
}
