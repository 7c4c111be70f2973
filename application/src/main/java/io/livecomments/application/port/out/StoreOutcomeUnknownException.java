package io.livecomments.application.port.out;

/**
 * A write whose outcome the store could not tell: its answer was lost and the look that would have
 * settled it failed too. Unlike its parent it does not promise that nothing happened; the write may
 * have been made.
 */
public class StoreOutcomeUnknownException extends StoreUnavailableException {

  public StoreOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
