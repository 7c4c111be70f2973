package io.livecomments.application.port.out;

/**
 * The backing store could not be reached or refused to work (throttling, outage). Whatever the
 * operation was, it did not happen: stores never leave half a write behind. The one exception is
 * {@link StoreOutcomeUnknownException}, thrown when the store cannot tell whether a write happened.
 */
public class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
