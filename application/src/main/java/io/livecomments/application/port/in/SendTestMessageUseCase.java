package io.livecomments.application.port.in;

/** Pushes a {@code test} message to every connection, to check the delivery path. */
@FunctionalInterface
public interface SendTestMessageUseCase {

  /**
   * Returns how many connections the registry last counted (see {@code ConnectionRegistry.count()}:
   * possibly a little while ago), which is about how many the message is being sent to.
   */
  int sendTest(String message);
}
