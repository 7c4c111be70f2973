package io.livecomments.adapters.dynamodb;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;

/** One line per attribute in the item schemas: name, how to read it, how to write it, key tags. */
final class Attributes {

  private Attributes() {}

  static <T, V> Consumer<StaticAttribute.Builder<T, V>> attribute(
      String name, Function<T, V> getter, BiConsumer<T, V> setter, StaticAttributeTag... tags) {
    return a -> a.name(name).getter(getter).setter(setter).tags(tags);
  }
}
