package io.livecomments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): every line must be a
 * {@code # HELP}, a {@code # TYPE}, another comment, or a sample, and the families must hold
 * together (one TYPE before its samples, samples of a family contiguous, no series twice, counters
 * not negative, histogram buckets cumulative and ending in {@code +Inf} equal to {@code _count}).
 * Anything else throws, naming the line.
 */
final class PrometheusText {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample: its metric name, labels in the order written, and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its name, type, help text (if any) and samples. */
  record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  private PrometheusText() {}

  /** Parses the whole body, or throws {@link IllegalArgumentException} at the first fault. */
  static PrometheusText parse(String body) {
    PrometheusText text = new PrometheusText();
    text.read(body);
    text.checkHistograms();
    return text;
  }

  Map<String, Family> families() {
    return families;
  }

  List<Sample> samples() {
    return families.values().stream().flatMap(f -> f.samples().stream()).toList();
  }

  /** The value of the one series with exactly these labels, given as name, value, name, value… */
  double value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return find(name, wanted)
        .orElseThrow(
            () -> new AssertionError("no series " + name + wanted + " among " + namesLike(name)))
        .value();
  }

  private Optional<Sample> find(String name, Map<String, String> labels) {
    return samples().stream()
        .filter(s -> s.name().equals(name) && new TreeMap<>(s.labels()).equals(labels))
        .findFirst();
  }

  private List<String> namesLike(String name) {
    String stem = name.replaceAll("_(total|count|sum|bucket)$", "");
    return samples().stream()
        .filter(s -> s.name().startsWith(stem))
        .map(s -> s.name() + s.labels())
        .toList();
  }

  private void read(String body) {
    if (!body.isEmpty() && !body.endsWith("\n")) {
      throw new IllegalArgumentException("the body does not end with a line feed");
    }
    String current = null;
    Set<String> closed = new java.util.HashSet<>();
    Set<String> seriesSeen = new java.util.HashSet<>();
    String[] lines = body.split("\n", -1);
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      String where = "line " + (n + 1) + ": " + line;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
          String name = parts[2];
          require(METRIC_NAME.matcher(name).matches(), "bad metric name", where);
          String rest = parts.length == 4 ? parts[3] : "";
          if (!name.equals(current)) {
            require(!closed.contains(name) && !families.containsKey(name), "family again", where);
            if (current != null) {
              closed.add(current);
            }
            current = name;
          }
          Family family = families.get(name);
          if (parts[1].equals("HELP")) {
            require(family == null || family.help() == null, "second HELP", where);
            String help = unescapeHelp(rest, where);
            families.put(
                name,
                family == null
                    ? new Family(name, "untyped", help, new ArrayList<>())
                    : new Family(name, family.type(), help, family.samples()));
          } else {
            require(TYPES.contains(rest), "unknown type", where);
            require(
                family == null || (family.samples().isEmpty() && "untyped".equals(family.type())),
                "TYPE after samples or twice",
                where);
            families.put(
                name,
                new Family(name, rest, family == null ? null : family.help(), new ArrayList<>()));
          }
        }
        continue;
      }
      Sample sample = sample(line, where);
      String family = familyOf(sample.name(), current);
      if (family == null) {
        // A sample without TYPE: an untyped family of its own.
        require(
            !closed.contains(sample.name()) && !families.containsKey(sample.name()),
            "untyped family again",
            where);
        if (current != null) {
          closed.add(current);
        }
        current = sample.name();
        families.put(current, new Family(current, "untyped", null, new ArrayList<>()));
        family = current;
      }
      require(
          seriesSeen.add(sample.name() + new TreeMap<>(sample.labels())), "series twice", where);
      Family f = families.get(family);
      if (f.type().equals("counter")) {
        require(sample.value() >= 0, "negative counter", where);
      }
      f.samples().add(sample);
    }
  }

  /** The family the sample belongs to: the current one, if its name fits the type's suffixes. */
  private String familyOf(String sampleName, String current) {
    if (current == null) {
      return null;
    }
    Family family = families.get(current);
    List<String> suffixes =
        switch (family.type()) {
          case "histogram" -> List.of("_bucket", "_count", "_sum");
          case "summary" -> List.of("", "_count", "_sum");
          case "counter" -> List.of("", "_total");
          default -> List.of("");
        };
    for (String suffix : suffixes) {
      if (sampleName.equals(current + suffix)) {
        return current;
      }
    }
    return null;
  }

  private static Sample sample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    require(METRIC_NAME.matcher(name).matches(), "bad metric name", where);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        require(eq > i, "label without =", where);
        String label = line.substring(i, eq);
        require(LABEL_NAME.matcher(label).matches(), "bad label name " + label, where);
        require(eq + 1 < line.length() && line.charAt(eq + 1) == '"', "unquoted value", where);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (true) {
          require(j < line.length(), "unterminated label value", where);
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            require(j + 1 < line.length(), "dangling escape", where);
            char e = line.charAt(j + 1);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException("bad escape \\" + e + " at " + where);
            }
            j += 2;
          } else {
            value.append(c);
            j++;
          }
        }
        require(labels.put(label, value.toString()) == null, "label twice: " + label, where);
        i = j + 1;
        require(i < line.length(), "unterminated labels", where);
        if (line.charAt(i) == ',') {
          i++;
        } else {
          require(line.charAt(i) == '}', "expected , or }", where);
        }
      }
      i++;
    }
    require(i < line.length() && line.charAt(i) == ' ', "no space before the value", where);
    String[] rest = line.substring(i + 1).split(" ", -1);
    require(rest.length == 1 || rest.length == 2, "expected value [timestamp]", where);
    double value = number(rest[0], where);
    if (rest.length == 2) {
      try {
        Long.parseLong(rest[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad timestamp at " + where, e);
      }
    }
    return new Sample(name, labels, value);
  }

  private static double number(String text, String where) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        require(text.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?"), "bad number " + text, where);
        return Double.parseDouble(text);
    }
  }

  private static String unescapeHelp(String text, String where) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        require(i + 1 < text.length(), "dangling escape in HELP", where);
        char e = text.charAt(++i);
        switch (e) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          default -> throw new IllegalArgumentException("bad escape in HELP at " + where);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Per series of each histogram: buckets cumulative, the last +Inf, equal to _count, a _sum. */
  private void checkHistograms() {
    for (Family family : families.values()) {
      if (!family.type().equals("histogram")) {
        continue;
      }
      Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
      Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
      Map<Map<String, String>, Double> sums = new LinkedHashMap<>();
      for (Sample s : family.samples()) {
        Map<String, String> series = new TreeMap<>(s.labels());
        if (s.name().endsWith("_bucket")) {
          require(series.containsKey("le"), "bucket without le", family.name());
          series.remove("le");
          buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
        } else if (s.name().endsWith("_count")) {
          counts.put(series, s.value());
        } else {
          sums.put(series, s.value());
        }
      }
      require(!buckets.isEmpty(), "histogram without buckets", family.name());
      buckets.forEach(
          (series, list) -> {
            String where = family.name() + series;
            List<Sample> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingDouble(s -> number(s.labels().get("le"), where)));
            require(sorted.equals(list), "buckets not in ascending le order", where);
            double previous = 0;
            for (Sample bucket : sorted) {
              require(bucket.value() >= previous, "buckets not cumulative", where);
              previous = bucket.value();
            }
            Sample last = sorted.get(sorted.size() - 1);
            require("+Inf".equals(last.labels().get("le")), "last bucket is not +Inf", where);
            require(counts.containsKey(series), "no _count", where);
            require(last.value() == counts.get(series), "+Inf bucket differs from _count", where);
            require(sums.containsKey(series), "no _sum", where);
          });
    }
  }

  private static void require(boolean condition, String fault, String where) {
    if (!condition) {
      throw new IllegalArgumentException(fault + " at " + where);
    }
  }
}
