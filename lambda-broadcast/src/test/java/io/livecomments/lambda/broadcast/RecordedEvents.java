package io.livecomments.lambda.broadcast;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The recorded events under {@code src/test/resources/events}, read with the Lambda Java runtime's
 * own serializer, as the function receives them in AWS.
 */
final class RecordedEvents {

  private static final PojoSerializer<APIGatewayV2HTTPEvent> SERIALIZER =
      LambdaEventSerializers.serializerFor(
          APIGatewayV2HTTPEvent.class, RecordedEvents.class.getClassLoader());

  private RecordedEvents() {}

  static APIGatewayV2HTTPEvent read(String name) {
    try (InputStream in = RecordedEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No recorded event " + name);
      }
      return SERIALIZER.fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
