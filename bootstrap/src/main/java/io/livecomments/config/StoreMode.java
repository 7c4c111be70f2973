package io.livecomments.config;

/** {@code livecomments.store}: where posts, comments and connection ids are kept. */
public enum StoreMode {
  /** DynamoDB Local inside this process, its data in {@code livecomments.data-dir}. */
  EMBEDDED,
  /** Everything in this process's memory, gone at exit. */
  MEMORY,
  /** DynamoDB, or anything speaking its API at {@code livecomments.dynamodb.endpoint}. */
  DYNAMODB;

  public static final String PROPERTY = "livecomments.store";

  /** Whether the DynamoDB adapters serve this mode. */
  public boolean usesDynamoDb() {
    return this != MEMORY;
  }
}
