package io.livecomments.config;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds a value on first use and keeps it: for adapters whose settings (this server's own port)
 * are known only once the server runs.
 */
final class Memoized<T> implements Supplier<T> {

  private final Supplier<T> factory;
  private volatile T value;

  Memoized(Supplier<T> factory) {
    this.factory = factory;
  }

  @Override
  public T get() {
    T current = value;
    if (current == null) {
      synchronized (this) {
        if (value == null) {
          value = factory.get();
        }
        current = value;
      }
    }
    return current;
  }

  /** The value if it was built, without building it. */
  Optional<T> ifBuilt() {
    return Optional.ofNullable(value);
  }
}
