package io.livecomments.infrastructure;

import io.livecomments.adapters.dynamodb.DynamoDbTables;
import io.livecomments.adapters.dynamodb.DynamoDbTables.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpNlbIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpNlbIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigateway.VpcLinkProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.VpcLink;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * LiveComments on AWS (CONTRACT §10): a WebSocket API whose routes reach the service privately
 * through a VPC link (v1) and an internal Network Load Balancer, an HTTP API for the REST API
 * through a VPC link (v2) to the same balancer, the service on ECS Fargate, and the DynamoDB tables
 * generated from the adapter's own {@link DynamoDbTables}.
 */
public final class LiveCommentsStack extends Stack {

  /** The service's port (CONTRACT §2). */
  static final int CONTAINER_PORT = 8080;

  /** The balancer's listener, which the integrations' URIs name. */
  static final int LISTENER_PORT = 80;

  static final String READINESS_PATH = "/health/readiness";

  /** The bridge's path after the stage (CONTRACT §6, livecomments.http-bridge.stage). */
  static final String BRIDGE_PATH = "/broadcast/comments";

  static final String BROADCAST_HANDLER = "io.livecomments.lambda.broadcast.BroadcastHandler";

  /** The shaded jar of the lambda-broadcast module, relative to the repository's root. */
  static final String LAMBDA_JAR = "lambda-broadcast/target/livecomments-broadcast-lambda.jar";

  /** The registry's table and index the broadcast Lambda reads (docs/realtime.md). */
  static final String CONNECTIONS = "connections";

  static final String CONNECTIONS_BY_AUDIENCE = "byAudience";

  /**
   * The DynamoDB actions the adapters call (docs/dynamodb.md): reads, conditional writes, the items
   * of {@code TransactWriteItems} (checked as Put/Update/Delete, it has no action of its own), the
   * operators' scans, and {@code DescribeTable} for the start-up check and readiness.
   */
  static final List<String> DYNAMODB_ACTIONS =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:DescribeTable");

  /**
   * The integration endpoint (CONTRACT §4) that serves each built-in route; others go to default.
   */
  private static final Map<String, String> ENDPOINTS =
      Map.of("$connect", "connect", "$disconnect", "disconnect", "$default", "default");

  /** The {@code $connect} query parameters the service reads (CONTRACT §4). */
  static final List<String> CONNECT_QUERY_PARAMETERS = List.of("postId", "token", "batch");

  /**
   * The proxy-style headers (CONTRACT §4): API Gateway's HTTP_PROXY integration cannot build the
   * JSON event, so the event's fields travel as headers mapped from {@code $context}.
   */
  static final Map<String, String> CONTEXT_HEADERS =
      Map.of(
          "X-Connection-Id", "context.connectionId",
          "X-Event-Type", "context.eventType",
          "X-Route-Key", "context.routeKey",
          "X-Request-Id", "context.requestId");

  /**
   * One JSON line per connect, message and disconnect. No query string and no headers: {@code
   * $connect}'s query string carries users' tokens.
   */
  static final AccessLogFormat ACCESS_LOG_FORMAT =
      AccessLogFormat.custom(
          "{\"requestId\":\"$context.requestId\",\"connectionId\":\"$context.connectionId\","
              + "\"eventType\":\"$context.eventType\",\"routeKey\":\"$context.routeKey\","
              + "\"status\":\"$context.status\",\"requestTime\":\"$context.requestTime\","
              + "\"ip\":\"$context.identity.sourceIp\","
              + "\"integrationStatus\":\"$context.integrationStatus\","
              + "\"integrationLatency\":\"$context.integrationLatency\","
              + "\"error\":\"$context.error.message\","
              + "\"integrationError\":\"$context.integrationErrorMessage\"}");

  /** {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>} or {@code @sha256:…}. */
  private static final java.util.regex.Pattern ECR_IMAGE =
      java.util.regex.Pattern.compile(
          "(?<account>\\d{12})\\.dkr\\.ecr\\.(?<region>[a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?"
              + "/(?<repository>[^:@]+)(?::|@)(?<reference>.+)");

  private final StackSettings settings;

  public LiveCommentsStack(
      Construct scope, String id, StackProps props, StackSettings settings, Path dockerContext) {
    super(scope, id, props);
    this.settings = settings;

    // Public subnets with a public IP on each task: the service must reach the Management API over
    // the internet (no VPC endpoint reaches @connections), and this costs no NAT gateway. Nothing
    // outside the VPC can reach the tasks: their security group admits only the VPC's range.
    Vpc vpc =
        Vpc.Builder.create(this, "Vpc")
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
            .build();
    vpc.addGatewayEndpoint(
        "DynamoDbEndpoint",
        GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build());
    SubnetSelection publicSubnets = SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();

    List<CfnTable> tables = tables();

    Secret integrationSecret =
        Secret.Builder.create(this, "IntegrationSecret")
            .description(
                "X-Integration-Secret: API Gateway sends it to the integration endpoints, the"
                    + " service requires it (livecomments.websocket.integration-secret)")
            .generateSecretString(
                // Letters and digits only: the value sits inside a quoted static header mapping.
                SecretStringGenerator.builder().passwordLength(48).excludePunctuation(true).build())
            .build();

    WebSocketApi webSocketApi =
        WebSocketApi.Builder.create(this, "WebSocketApi")
            .apiName("livecomments-" + settings.stage())
            .routeSelectionExpression("$request.body.action")
            .build();
    WebSocketStage stage = webSocketStage(webSocketApi);

    NetworkLoadBalancer balancer =
        NetworkLoadBalancer.Builder.create(this, "Balancer")
            .vpc(vpc)
            .internetFacing(false)
            .vpcSubnets(publicSubnets)
            .build();
    NetworkListener listener =
        balancer.addListener(
            "Listener",
            BaseNetworkListenerProps.builder().port(LISTENER_PORT).protocol(Protocol.TCP).build());

    // The REST API: an HTTP API whose default route proxies everything to the same balancer.
    VpcLink restLink =
        VpcLink.Builder.create(this, "RestVpcLink").vpc(vpc).subnets(publicSubnets).build();
    HttpApi restApi =
        HttpApi.Builder.create(this, "RestApi")
            .apiName("livecomments-rest-" + settings.stage())
            .defaultIntegration(
                new HttpNlbIntegration(
                    "Service",
                    listener,
                    HttpNlbIntegrationProps.builder().vpcLink(restLink).build()))
            .build();

    // broadcast=http-bridge: the service posts each broadcast once to the broadcast Lambda, on a
    // route of the same HTTP API, protected by the integration secret (the publisher sends it).
    Map<String, String> bridgeEnvironment = new LinkedHashMap<>();
    if (settings.isHttpBridge()) {
      Alias bridge =
          broadcastFunction(
              stage, integrationSecret, tables, webSocketApi, lambdaJar(dockerContext));
      restApi.addRoutes(
          AddRoutesOptions.builder()
              .path("/" + settings.stage() + BRIDGE_PATH)
              .methods(List.of(HttpMethod.POST))
              .integration(new HttpLambdaIntegration("Broadcast", bridge))
              .build());
      bridgeEnvironment.put("LIVECOMMENTS_HTTP_BRIDGE_ENDPOINT", restApi.getApiEndpoint());
      bridgeEnvironment.put("LIVECOMMENTS_HTTP_BRIDGE_STAGE", settings.stage());
    }

    FargateService service =
        service(
            vpc,
            publicSubnets,
            stage,
            integrationSecret,
            tables,
            webSocketApi,
            dockerContext,
            bridgeEnvironment);
    listener.addTargets(
        "Service",
        AddNetworkTargetsProps.builder()
            .port(CONTAINER_PORT)
            .protocol(Protocol.TCP)
            .targets(
                List.of(
                    service.loadBalancerTarget(
                        LoadBalancerTargetOptions.builder()
                            .containerName("service")
                            .containerPort(CONTAINER_PORT)
                            .build())))
            // The service drains for livecomments.shutdown.drain-timeout (10 s) on SIGTERM.
            .deregistrationDelay(Duration.seconds(30))
            .healthCheck(
                HealthCheck.builder()
                    .protocol(Protocol.HTTP)
                    .path(READINESS_PATH)
                    .interval(Duration.seconds(10))
                    .healthyThresholdCount(2)
                    .unhealthyThresholdCount(2)
                    .build())
            .build());

    // WebSocket APIs reach a private backend only through a REST-style (v1) VPC link to an NLB.
    software.amazon.awscdk.services.apigateway.VpcLink webSocketLink =
        new software.amazon.awscdk.services.apigateway.VpcLink(
            this,
            "WebSocketVpcLink",
            VpcLinkProps.builder()
                .targets(List.of(balancer))
                .description("LiveComments WebSocket API to the internal NLB")
                .build());
    String backend = "http://" + balancer.getLoadBalancerDnsName() + ":" + LISTENER_PORT;
    String secretHeader = "'" + integrationSecret.getSecretValue().unsafeUnwrap() + "'";
    for (String routeKey : settings.routes()) {
      route(webSocketApi, routeKey, backend, webSocketLink.getVpcLinkId(), secretHeader);
    }

    output("WebSocketApiId", webSocketApi.getApiId(), "The WebSocket API's id");
    output("WebSocketApiUrl", stage.getUrl(), "wss:// URL clients connect to");
    output("WebSocketApiStage", stage.getStageName(), "The WebSocket API's stage");
    output(
        "ManagementApiEndpoint",
        stage.getCallbackUrl(),
        "The Management API the service pushes to (livecomments.apigateway.endpoint)");
    output("RestApiUrl", restApi.getApiEndpoint(), "Base URL of the REST API (add /api/v1/...)");
    List<TableDefinition> definitions = definitions();
    for (int i = 0; i < definitions.size(); i++) {
      output(
          capitalized(definitions.get(i).baseName()) + "TableName",
          tables.get(i).getRef(),
          "DynamoDB table " + definitions.get(i).baseName());
    }
  }

  private List<TableDefinition> definitions() {
    return new DynamoDbTables(settings.tablePrefix()).tables();
  }

  /**
   * One CloudFormation table per {@link DynamoDbTables} definition, field for field, plus what a
   * deployment adds: point-in-time recovery, and deletion protection and retention in prod.
   */
  private List<CfnTable> tables() {
    List<CfnTable> tables = new ArrayList<>();
    for (TableDefinition definition : definitions()) {
      var request = definition.createRequest();
      CfnTable table =
          CfnTable.Builder.create(this, capitalized(definition.baseName()) + "Table")
              .tableName(request.tableName())
              .billingMode(request.billingModeAsString())
              .attributeDefinitions(
                  request.attributeDefinitions().stream()
                      .map(
                          a ->
                              (Object)
                                  CfnTable.AttributeDefinitionProperty.builder()
                                      .attributeName(a.attributeName())
                                      .attributeType(a.attributeTypeAsString())
                                      .build())
                      .toList())
              .keySchema(keySchema(request.keySchema()))
              .localSecondaryIndexes(
                  request.hasLocalSecondaryIndexes()
                      ? request.localSecondaryIndexes().stream()
                          .map(
                              index ->
                                  (Object)
                                      CfnTable.LocalSecondaryIndexProperty.builder()
                                          .indexName(index.indexName())
                                          .keySchema(keySchema(index.keySchema()))
                                          .projection(projection(index.projection()))
                                          .build())
                          .toList()
                      : null)
              .globalSecondaryIndexes(
                  request.hasGlobalSecondaryIndexes()
                      ? request.globalSecondaryIndexes().stream()
                          .map(
                              index ->
                                  (Object)
                                      CfnTable.GlobalSecondaryIndexProperty.builder()
                                          .indexName(index.indexName())
                                          .keySchema(keySchema(index.keySchema()))
                                          .projection(projection(index.projection()))
                                          .build())
                          .toList()
                      : null)
              .timeToLiveSpecification(
                  definition
                      .timeToLiveAttribute()
                      .map(
                          attribute ->
                              CfnTable.TimeToLiveSpecificationProperty.builder()
                                  .enabled(true)
                                  .attributeName(attribute)
                                  .build())
                      .orElse(null))
              .pointInTimeRecoverySpecification(
                  CfnTable.PointInTimeRecoverySpecificationProperty.builder()
                      .pointInTimeRecoveryEnabled(true)
                      .build())
              .deletionProtectionEnabled(settings.isProduction())
              .build();
      // Comments are users' data: prod keeps its tables when the stack goes; other stages clean up.
      table.applyRemovalPolicy(
          settings.isProduction() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
      tables.add(table);
    }
    return tables;
  }

  private static List<Object> keySchema(
      List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keys) {
    return keys.stream()
        .map(
            k ->
                (Object)
                    CfnTable.KeySchemaProperty.builder()
                        .attributeName(k.attributeName())
                        .keyType(k.keyTypeAsString())
                        .build())
        .toList();
  }

  private static CfnTable.ProjectionProperty projection(
      software.amazon.awssdk.services.dynamodb.model.Projection projection) {
    return CfnTable.ProjectionProperty.builder()
        .projectionType(projection.projectionTypeAsString())
        .nonKeyAttributes(projection.hasNonKeyAttributes() ? projection.nonKeyAttributes() : null)
        .build();
  }

  private WebSocketStage webSocketStage(WebSocketApi api) {
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "WebSocketAccessLogs")
            .retention(RetentionDays.ONE_MONTH)
            .build();
    WebSocketStage stage =
        WebSocketStage.Builder.create(this, "WebSocketStage")
            .webSocketApi(api)
            .stageName(settings.stage())
            .autoDeploy(true)
            .throttle(
                ThrottleSettings.builder()
                    .rateLimit(settings.throttleRate())
                    .burstLimit(settings.throttleBurst())
                    .build())
            .accessLogSettings(
                new IAccessLogSettings() {
                  @Override
                  public LogGroupLogDestination getDestination() {
                    return new LogGroupLogDestination(accessLogs);
                  }

                  @Override
                  public AccessLogFormat getFormat() {
                    return ACCESS_LOG_FORMAT;
                  }
                })
            .build();
    // Execution logs at INFO, without data tracing: a traced integration request would log the
    // X-Integration-Secret header, and $connect's query string carries users' tokens.
    CfnStage cfnStage = (CfnStage) stage.getNode().getDefaultChild();
    cfnStage.addPropertyOverride("DefaultRouteSettings.LoggingLevel", "INFO");
    cfnStage.addPropertyOverride("DefaultRouteSettings.DataTraceEnabled", false);
    cfnStage.getNode().addDependency(apiGatewayLogging());
    return stage;
  }

  /**
   * API Gateway writes execution logs only once the account names a role for it (one setting per
   * account and region, shared with REST APIs). The role is kept when the stack goes, because the
   * account setting keeps pointing at it.
   */
  private CfnAccount apiGatewayLogging() {
    Role role =
        Role.Builder.create(this, "ApiGatewayCloudWatchRole")
            .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
            .managedPolicies(
                List.of(
                    ManagedPolicy.fromAwsManagedPolicyName(
                        "service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
            .build();
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return CfnAccount.Builder.create(this, "ApiGatewayAccount")
        .cloudWatchRoleArn(role.getRoleArn())
        .build();
  }

  private void route(
      WebSocketApi api, String routeKey, String backend, String vpcLinkId, String secretHeader) {
    String endpoint = ENDPOINTS.getOrDefault(routeKey, "default");
    String name = routeName(routeKey);
    Map<String, String> parameters = new LinkedHashMap<>();
    CONTEXT_HEADERS.forEach((header, source) -> parameters.put(header(header), source));
    parameters.put(header("X-Integration-Secret"), secretHeader);
    Map<String, Object> routeParameters = new LinkedHashMap<>();
    if (routeKey.equals("$connect")) {
      // Query strings can be mapped on $connect only, and only once the route declares them.
      for (String query : CONNECT_QUERY_PARAMETERS) {
        routeParameters.put("route.request.querystring." + query, Map.of("Required", false));
        parameters.put(
            "integration.request.querystring." + query, "route.request.querystring." + query);
      }
    }
    // HTTP_PROXY, not HTTP: only a proxy integration lets the service's 401/403 on $connect reject
    // the connection, and it needs no response mapping.
    CfnIntegration integration =
        CfnIntegration.Builder.create(this, name + "Integration")
            .apiId(api.getApiId())
            .integrationType("HTTP_PROXY")
            .integrationMethod("POST")
            .integrationUri(backend + "/api/v1/websocket/" + endpoint)
            .connectionType("VPC_LINK")
            .connectionId(vpcLinkId)
            .requestParameters(parameters)
            .build();
    CfnRoute.Builder.create(this, name + "Route")
        .apiId(api.getApiId())
        .routeKey(routeKey)
        .authorizationType("NONE")
        .target("integrations/" + integration.getRef())
        .requestParameters(routeParameters.isEmpty() ? null : routeParameters)
        .build();
  }

  private static String header(String name) {
    return "integration.request.header." + name;
  }

  private FargateService service(
      Vpc vpc,
      SubnetSelection subnets,
      WebSocketStage stage,
      Secret integrationSecret,
      List<CfnTable> tables,
      WebSocketApi api,
      Path dockerContext,
      Map<String, String> bridgeEnvironment) {
    Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
    FargateTaskDefinition task =
        FargateTaskDefinition.Builder.create(this, "Task")
            .cpu(512)
            .memoryLimitMiB(1024)
            .runtimePlatform(
                RuntimePlatform.builder()
                    .cpuArchitecture(CpuArchitecture.X86_64)
                    .operatingSystemFamily(OperatingSystemFamily.LINUX)
                    .build())
            .build();

    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("LIVECOMMENTS_STORE", "dynamodb");
    environment.put("LIVECOMMENTS_DYNAMODB_TABLE_PREFIX", settings.tablePrefix());
    environment.put("LIVECOMMENTS_BROADCAST", settings.broadcast());
    environment.put("LIVECOMMENTS_APIGATEWAY_ENDPOINT", stage.getCallbackUrl());
    environment.put("LIVECOMMENTS_LOCAL_GATEWAY_ENABLED", "false");
    environment.put("LIVECOMMENTS_LOG_FORMAT", "json");
    environment.put("AWS_REGION", getRegion());
    environment.putAll(bridgeEnvironment);
    environment.putAll(settings.authEnvironment());
    settings
        .corsAllowedOrigins()
        .ifPresent(origins -> environment.put("LIVECOMMENTS_CORS_ALLOWED_ORIGINS", origins));

    task.addContainer(
        "service",
        ContainerDefinitionOptions.builder()
            .image(image(dockerContext))
            .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).build()))
            .environment(environment)
            .secrets(
                Map.of(
                    "LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET",
                    software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(
                        integrationSecret)))
            .logging(
                LogDriver.awsLogs(
                    AwsLogDriverProps.builder()
                        .streamPrefix("livecomments")
                        .logGroup(
                            LogGroup.Builder.create(this, "ServiceLogs")
                                .retention(RetentionDays.ONE_MONTH)
                                .build())
                        .build()))
            // SIGTERM starts the drain (livecomments.shutdown.drain-timeout, 10 s); then SIGKILL.
            .stopTimeout(Duration.seconds(30))
            .build());

    grantTables(task.getTaskRole(), tables);
    task.getTaskRole().addToPrincipalPolicy(pushToConnections(api));

    SecurityGroup securityGroup =
        SecurityGroup.Builder.create(this, "ServiceSecurityGroup")
            .vpc(vpc)
            .description("LiveComments tasks: traffic and health checks from the NLB only")
            .allowAllOutbound(true)
            .build();
    // The NLB has no security group of its own and sends from its private addresses in the VPC.
    securityGroup.addIngressRule(
        Peer.ipv4(vpc.getVpcCidrBlock()),
        Port.tcp(CONTAINER_PORT),
        "NLB traffic and health checks from inside the VPC");

    return FargateService.Builder.create(this, "Service")
        .cluster(cluster)
        .taskDefinition(task)
        .desiredCount(settings.desiredCount())
        .assignPublicIp(true)
        .vpcSubnets(subnets)
        .securityGroups(List.of(securityGroup))
        .minHealthyPercent(100)
        // Readiness stays DOWN until the push warm-up is done (at most 30 s after the start).
        .healthCheckGracePeriod(Duration.seconds(90))
        .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
        .build();
  }

  /** {@code execute-api:ManageConnections} on this API's stage, {@code POST /@connections/*}. */
  private PolicyStatement pushToConnections(WebSocketApi api) {
    return PolicyStatement.Builder.create()
        .sid("PushToConnections")
        .effect(Effect.ALLOW)
        .actions(List.of("execute-api:ManageConnections"))
        .resources(
            List.of(
                formatArn(
                    ArnComponents.builder()
                        .service("execute-api")
                        .resource(api.getApiId())
                        .resourceName(settings.stage() + "/POST/@connections/*")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                        .build())))
        .build();
  }

  /**
   * The shaded jar of {@code lambda-broadcast}. The infrastructure module depends on that module
   * (type pom, no classes), so {@code -pl infrastructure -am package} (cdk.json's app command)
   * builds the jar first; this check only names the fix when the module was built alone.
   */
  static Path lambdaJar(Path repositoryRoot) {
    Path jar = repositoryRoot.resolve(LAMBDA_JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "broadcast=http-bridge needs "
              + jar
              + ": build it with ./mvnw -pl lambda-broadcast -am package (cdk.json's app command"
              + " does)");
    }
    return jar;
  }

  /**
   * The broadcast Lambda of the http-bridge path (docs/realtime.md, "The broadcast Lambda"), with
   * SnapStart on published versions: the route invokes the alias {@code live}, which points at the
   * version published from the current code and configuration.
   */
  private Alias broadcastFunction(
      WebSocketStage stage,
      Secret integrationSecret,
      List<CfnTable> tables,
      WebSocketApi api,
      Path jar) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("LIVECOMMENTS_APIGATEWAY_ENDPOINT", stage.getCallbackUrl());
    environment.put("LIVECOMMENTS_DYNAMODB_TABLE_PREFIX", settings.tablePrefix());
    // A dynamic reference, resolved by CloudFormation at deploy time: the template holds no value.
    environment.put(
        "LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET",
        integrationSecret.getSecretValue().unsafeUnwrap());
    Function function =
        Function.Builder.create(this, "BroadcastFunction")
            .description("LiveComments http-bridge: fans a broadcast out to the connections")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.X86_64)
            .handler(BROADCAST_HANDLER)
            .code(Code.fromAsset(jar.toString()))
            .memorySize(1024)
            .timeout(Duration.seconds(30))
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(environment)
            .logGroup(
                LogGroup.Builder.create(this, "BroadcastLogs")
                    .retention(RetentionDays.ONE_MONTH)
                    .build())
            .build();

    // CDK warns that SnapStart applies to published versions only; the alias below is published
    // from function.getCurrentVersion() and is what the route invokes.
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "The route invokes the alias 'live', a published version");

    CfnTable connections = tables.get(connectionsTableIndex());
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("ReadAudience")
            .effect(Effect.ALLOW)
            .actions(List.of("dynamodb:Query"))
            .resources(
                List.of(
                    connections.getAttrArn(),
                    connections.getAttrArn() + "/index/" + CONNECTIONS_BY_AUDIENCE))
            .build());
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("ScanAndRemoveConnections")
            .effect(Effect.ALLOW)
            .actions(List.of("dynamodb:Scan", "dynamodb:DeleteItem"))
            .resources(List.of(connections.getAttrArn()))
            .build());
    function.addToRolePolicy(pushToConnections(api));

    return Alias.Builder.create(this, "BroadcastAlias")
        .aliasName("live")
        .version(function.getCurrentVersion())
        .build();
  }

  /** Where the connections table is among {@link #definitions()}, checked to have its index. */
  private int connectionsTableIndex() {
    List<TableDefinition> definitions = definitions();
    for (int i = 0; i < definitions.size(); i++) {
      if (definitions.get(i).baseName().equals(CONNECTIONS)) {
        var request = definitions.get(i).createRequest();
        boolean hasIndex =
            request.hasGlobalSecondaryIndexes()
                && request.globalSecondaryIndexes().stream()
                    .anyMatch(index -> index.indexName().equals(CONNECTIONS_BY_AUDIENCE));
        if (!hasIndex) {
          throw new IllegalStateException(
              "DynamoDbTables' connections table has no index " + CONNECTIONS_BY_AUDIENCE);
        }
        return i;
      }
    }
    throw new IllegalStateException("DynamoDbTables has no table " + CONNECTIONS);
  }

  private void grantTables(IRole role, List<CfnTable> tables) {
    List<String> resources = new ArrayList<>();
    List<TableDefinition> definitions = definitions();
    for (int i = 0; i < tables.size(); i++) {
      resources.add(tables.get(i).getAttrArn());
      var request = definitions.get(i).createRequest();
      if (request.hasLocalSecondaryIndexes() || request.hasGlobalSecondaryIndexes()) {
        resources.add(tables.get(i).getAttrArn() + "/index/*");
      }
    }
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("LiveCommentsData")
            .effect(Effect.ALLOW)
            .actions(DYNAMODB_ACTIONS)
            .resources(resources)
            .build());
  }

  /**
   * The image: {@code imageUri} when given (an ECR image gets the pull permission it needs), else
   * built from the repository's Dockerfile at deploy time. Synthesis only stages the directory;
   * Docker is needed by {@code cdk deploy}, not here.
   */
  private ContainerImage image(Path dockerContext) {
    if (settings.imageUri().isPresent()) {
      String uri = settings.imageUri().get();
      var ecr = ECR_IMAGE.matcher(uri);
      if (ecr.matches()) {
        // From the ARN, so that the image stays in its own account and region, and the execution
        // role may pull from that repository only.
        String arn =
            "arn:"
                + getPartition()
                + ":ecr:"
                + ecr.group("region")
                + ":"
                + ecr.group("account")
                + ":repository/"
                + ecr.group("repository");
        return ContainerImage.fromEcrRepository(
            Repository.fromRepositoryAttributes(
                this,
                "ImageRepository",
                RepositoryAttributes.builder()
                    .repositoryArn(arn)
                    .repositoryName(ecr.group("repository"))
                    .build()),
            ecr.group("reference"));
      }
      return ContainerImage.fromRegistry(uri);
    }
    return ContainerImage.fromAsset(
        dockerContext.toString(), AssetImageProps.builder().platform(Platform.LINUX_AMD64).build());
  }

  private void output(String name, String value, String description) {
    CfnOutput.Builder.create(this, name).value(value).description(description).build();
  }

  /** {@code $connect} → {@code Connect}, {@code sendMessage} → {@code SendMessage}. */
  private static String routeName(String routeKey) {
    String letters = routeKey.replaceAll("[^A-Za-z0-9]", "");
    return capitalized(letters.isEmpty() ? "Route" : letters);
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
