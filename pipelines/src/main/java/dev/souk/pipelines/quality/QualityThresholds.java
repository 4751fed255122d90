package dev.souk.pipelines.quality;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The thresholds of the quality gates, from a properties file: the bundled defaults ({@value
 * #DEFAULTS_RESOURCE}, documented there), overlaid by the keys of {@code --qualityThresholds}.
 *
 * <pre>
 * fill.&lt;market or site&gt;.&lt;silver field&gt;.warn|fail   minimum share of listings with the field filled
 * deadLetterShare[.&lt;site&gt;].warn|fail                maximum failures per input
 * rowCountDrop[.&lt;site&gt;].warn|fail                   maximum share lost against the previous run
 * minSample                                        fewest listings (fill) or inputs (dead letter) judged
 * </pre>
 *
 * Values are shares from 0 to 1, or {@code off}; {@code minSample} is a whole number. A site's key wins over its market's (fill) or the
 * run-wide one (the others), bound by bound. Every key is checked against the job's markets and
 * sites, so a typo fails the run before it starts, naming the key.
 */
public final class QualityThresholds {
  /** The bundled defaults, a resource beside this class. */
  public static final String DEFAULTS_RESOURCE = "default-quality-thresholds.properties";

  static final String FILL = "fill";
  static final String DEAD_LETTER = "deadLetterShare";
  static final String ROW_COUNT_DROP = "rowCountDrop";
  static final String MIN_SAMPLE = "minSample";
  private static final String KEYS = "fill.<market or site>.<field>.warn|fail, deadLetterShare[.<site>].warn|fail"
      + ", rowCountDrop[.<site>].warn|fail or minSample";

  /** key → share; a null value is a threshold turned off. */
  private final Map<String, @Nullable Double> values;
  private final QualityScopes scopes;

  private QualityThresholds(Map<String, @Nullable Double> values, QualityScopes scopes) {
    this.values = values;
    this.scopes = scopes;
  }

  /** The bundled defaults. */
  public static QualityThresholds defaults(QualityScopes scopes) {
    try (InputStream in = QualityThresholds.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The jar lacks its " + DEFAULTS_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the bundled " + DEFAULTS_RESOURCE, scopes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Thresholds from properties text; {@code source} names it in errors (e.g. {@code
   * --qualityThresholds=gates.properties}). Alone, not overlaid on the defaults: see {@link #overlay}.
   */
  public static QualityThresholds parse(String text, String source, QualityScopes scopes) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not a properties file: " + e.getMessage(), e);
    }
    Map<String, @Nullable Double> values = new HashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.equals(MIN_SAMPLE)) {
        values.put(key, wholeNumber(key, properties.getProperty(key), source));
        continue;
      }
      checkKey(key, source, scopes);
      values.put(key, share(key, properties.getProperty(key), source));
    }
    QualityThresholds parsed = new QualityThresholds(values, scopes);
    parsed.checkOrder(source);
    return parsed;
  }

  /** These thresholds with {@code other}'s keys on top; {@code source} names {@code other} in errors. */
  public QualityThresholds overlay(QualityThresholds other, String source) {
    Map<String, @Nullable Double> merged = new HashMap<>(values);
    merged.putAll(other.values);
    QualityThresholds result = new QualityThresholds(merged, scopes);
    result.checkOrder(source);
    return result;
  }

  /** Whether thresholds can name {@code site}: a site of one of the job's markets. */
  public boolean isSite(String site) {
    return scopes.isSite(site);
  }

  /** Per field, the fill-rate limits of {@code site}: its own keys, else those of a market covering it. */
  public Map<String, Limits> fill(String site) {
    Set<String> markets = scopes.marketsOf(site);
    Map<String, Limits> out = new TreeMap<>();
    TreeSet<String> fields = new TreeSet<>();
    for (String key : values.keySet()) {
      String[] parts = key.split("\\.");
      if (parts[0].equals(FILL) && (parts[1].equals(site) || markets.contains(parts[1]))) {
        fields.add(parts[2]);
      }
    }
    for (String field : fields) {
      List<String> warn = new ArrayList<>(List.of(FILL + "." + site + "." + field + ".warn"));
      List<String> fail = new ArrayList<>(List.of(FILL + "." + site + "." + field + ".fail"));
      new TreeSet<>(markets).forEach(m -> {
        warn.add(FILL + "." + m + "." + field + ".warn");
        fail.add(FILL + "." + m + "." + field + ".fail");
      });
      Limits limits = new Limits(first(warn), first(fail));
      if (!limits.off()) {
        out.put(field, limits);
      }
    }
    return out;
  }

  /** The same thresholds over other markets (a test's toy market); keys naming neither are unused. */
  public QualityThresholds rescoped(QualityScopes others) {
    return new QualityThresholds(values, others);
  }

  /** The fewest listings a fill rate, or inputs a dead-letter share, is judged on; 1 when unset. */
  public long minSample() {
    Double value = values.get(MIN_SAMPLE);
    return value == null ? 1 : value.longValue();
  }

  /** The dead-letter share limits of {@code site}, or the run-wide ones for {@link QualityRules#ALL_SITES}. */
  public Limits deadLetterShare(String site) {
    return siteOrRunWide(DEAD_LETTER, site);
  }

  /** The shares of the previous run's value {@code site} may lose, or the run-wide ones. */
  public Limits rowCountDrop(String site) {
    return siteOrRunWide(ROW_COUNT_DROP, site);
  }

  private Limits siteOrRunWide(String rule, String site) {
    return new Limits(first(List.of(rule + "." + site + ".warn", rule + ".warn")),
        first(List.of(rule + "." + site + ".fail", rule + ".fail")));
  }

  /** The value of the first key given, null when none is or it is off. */
  private @Nullable Double first(List<String> keys) {
    for (String key : keys) {
      if (values.containsKey(key)) {
        return values.get(key);
      }
    }
    return null;
  }

  private static void checkKey(String key, String source, QualityScopes scopes) {
    String[] parts = key.split("\\.", -1);
    String bound = parts[parts.length - 1];
    boolean known = switch (parts[0]) {
      case FILL -> parts.length == 4;
      case DEAD_LETTER, ROW_COUNT_DROP -> parts.length == 2 || parts.length == 3;
      default -> false;
    };
    if (!known || !(bound.equals("warn") || bound.equals("fail"))) {
      throw new IllegalArgumentException(source + ": unknown key '" + key + "'; keys are " + KEYS);
    }
    if (parts[0].equals(FILL)) {
      String scope = parts[1];
      if (!scopes.isMarket(scope) && !scopes.isSite(scope)) {
        throw new IllegalArgumentException(source + ": key '" + key + "' names '" + scope
            + "', which is no market or site (" + scopes.describe() + ")");
      }
      if (!scopes.fieldsOf(scope).contains(parts[2])) {
        throw new IllegalArgumentException(source + ": key '" + key + "' names field '" + parts[2]
            + "', which the silver table of " + scope + " does not have");
      }
    } else if (parts.length == 3 && !scopes.isSite(parts[1])) {
      throw new IllegalArgumentException(source + ": key '" + key + "' names '" + parts[1]
          + "', which is no site (" + scopes.describe() + ")");
    }
  }

  private static Double wholeNumber(String key, String text, String source) {
    String value = text.strip();
    try {
      long n = Long.parseLong(value);
      if (n >= 1) {
        return (double) n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source + ": key '" + key + "' must be a whole number of at least 1, not '"
        + value + "'");
  }

  private static @Nullable Double share(String key, String text, String source) {
    String value = text.strip();
    if (value.toLowerCase(Locale.ROOT).equals("off")) {
      return null;
    }
    try {
      double share = Double.parseDouble(value);
      if (share >= 0 && share <= 1) {
        return share;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source + ": key '" + key + "' must be a share from 0 to 1 (0.6 for 60%) or off, not '"
        + value + "'");
  }

  /**
   * A check must warn before it fails: a fill rate's warn threshold is at least its fail threshold;
   * a dead-letter share's and a drop's at most.
   */
  private void checkOrder(String source) {
    for (String key : new TreeSet<>(values.keySet())) {
      if (!key.endsWith(".warn")) {
        continue;
      }
      String failKey = key.substring(0, key.length() - ".warn".length()) + ".fail";
      Double warn = values.get(key);
      Double fail = values.get(failKey);
      if (warn == null || fail == null) {
        continue;
      }
      boolean minimum = key.startsWith(FILL + ".");
      if (minimum ? warn < fail : warn > fail) {
        throw new IllegalArgumentException(source + ": key '" + key + "' (" + warn + ") is " + (minimum ? "below" : "above")
            + " '" + failKey + "' (" + fail + "); a check must warn before it fails");
      }
    }
  }
}
