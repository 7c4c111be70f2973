package io.livecomments.localgateway;

/** Source of new connection ids; a bean so that tests can ask for ids with awkward characters. */
@FunctionalInterface
public interface ConnectionIdGenerator {

  /** A fresh id; the registry retries on the (unlikely) clash with a live one. */
  String next();
}
