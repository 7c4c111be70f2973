package io.livecomments.adapters.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * Amazon's DynamoDB Local, run inside this process and reached over real HTTP on a loopback port,
 * so the production adapters and SDK talk to it exactly as they talk to DynamoDB.
 *
 * <p>DynamoDB Local's own launcher listens on every interface, which would publish an
 * unauthenticated database to the network; this class builds the same request handler and serves it
 * on 127.0.0.1 only, on a port the system picks. With a data folder, DynamoDB Local keeps one
 * SQLite file ({@code shared-local-instance.db}, as with {@code -sharedDb}) there, whatever access
 * key or region a client uses; without one, it keeps everything in memory. No telemetry is sent.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDynamoDb.class);

  private final Server jetty;
  private final LocalDynamoDBServerHandler handler;
  private final URI endpoint;

  private EmbeddedDynamoDb(Server jetty, LocalDynamoDBServerHandler handler, URI endpoint) {
    this.jetty = jetty;
    this.handler = handler;
    this.endpoint = endpoint;
  }

  /** Starts DynamoDB Local with its data in {@code dataDir}, created if missing, on any port. */
  public static EmbeddedDynamoDb start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** Starts DynamoDB Local with its data in {@code dataDir} on the given loopback port (0: any). */
  public static EmbeddedDynamoDb start(Path dataDir, int port) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dir, e);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalStateException("The data folder " + dir + " is not writable");
    }
    return start(false, dir.toString(), port);
  }

  /** Starts DynamoDB Local keeping everything in memory, for tests. */
  public static EmbeddedDynamoDb startInMemory() {
    return start(true, null, 0);
  }

  private static EmbeddedDynamoDb start(boolean inMemory, String dbPath, int port) {
    // Arguments as ServerRunner passes them: port (unused here), in memory, folder, shared
    // database (one file for every access key and region), delay transient statuses.
    LocalDynamoDBServerHandler handler =
        new LocalDynamoDBServerHandler(
            new LocalDynamoDBRequestHandler(0, inMemory, dbPath, true, false), null);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    jetty.addConnector(connector);
    // The proxy server only lends its handler set-up; its own Jetty server is never started.
    jetty.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
    try {
      jetty.start();
    } catch (Exception e) {
      handler.close();
      throw new IllegalStateException(
          "DynamoDB Local did not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    LOG.info(
        "DynamoDB Local {} at {}",
        inMemory ? "(in memory)" : "with its data in " + dbPath,
        endpoint);
    return new EmbeddedDynamoDb(jetty, handler, endpoint);
  }

  /** Where the SDK reaches it, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * A plain SDK client for the DynamoDB Local (or any local DynamoDB endpoint) at {@code endpoint}:
   * dummy credentials, which DynamoDB Local accepts, and us-east-1. For tests and tools; the
   * service's own client comes from its configuration.
   */
  public static DynamoDbClient localClient(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Stops serving, then closes the database so that its file is complete on disk. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("DynamoDB Local did not stop cleanly", e);
    } finally {
      handler.close();
    }
  }
}
