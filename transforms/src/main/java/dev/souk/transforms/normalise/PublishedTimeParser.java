package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Publication time text → UTC instant. Accepts, in this order: an ISO-8601 date-time in any
 * form of {@link Timestamps} (Avito's {@code time@datetime}, "2025-11-24T22:52:39.000Z"; a
 * fraction of any length, {@code T} or a space), one without an offset ("YYYY-MM-DD HH:MM:SS",
 * the original scraper's output, docs/sites.md §9.8) read as Africa/Casablanca wall time; then
 * relative French ("il y a 5 heures", "hier", "aujourd'hui", "à l'instant") and Arabic ("منذ 5
 * ساعات", "منذ يومين", "أمس") text, counted back from the scrape time. Anything else gives null,
 * never a guess.
 */
public final class PublishedTimeParser {
  static final ZoneId MOROCCO = ZoneId.of("Africa/Casablanca");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  // Arabic dual forms ("two hours") carry their number in the word.
  private static final Pattern ARABIC_DUAL = Pattern.compile("دقيقتين|ساعتين|يومين|أسبوعين|اسبوعين|شهرين|سنتين|عامين");

  private PublishedTimeParser() {}

  /** Null when {@code text} is absent or in no known form. */
  public static @Nullable Instant parse(@Nullable String text, Instant scrapedAt) {
    String t = Text.collapse(Text.westernDigits(text));
    if (t == null) {
      return null;
    }
    Instant absolute = Timestamps.parse(t, MOROCCO);
    if (absolute != null) {
      return absolute;
    }
    return relative(t, scrapedAt);
  }

  private static @Nullable Instant relative(String text, Instant scrapedAt) {
    String k = Text.key(text);
    if (k == null) {
      return null;
    }
    if (k.contains("instant") || k.contains("aujourd'hui")
        || k.equals("الان") || k.equals("اليوم") || k.contains("just now") || k.equals("today")) {
      return scrapedAt;
    }
    if (k.equals("hier") || k.equals("امس") || k.equals("yesterday")) {
      return scrapedAt.minus(1, ChronoUnit.DAYS);
    }
    if (!(k.startsWith("il y a") || k.startsWith("منذ") || k.endsWith(" ago"))) {
      return null;
    }
    Matcher n = NUMBER.matcher(k);
    long count = n.find() ? Long.parseLong(n.group()) : ARABIC_DUAL.matcher(k).find() ? 2 : 1;
    Duration unit = unit(k);
    return unit == null ? null : scrapedAt.minus(unit.multipliedBy(count));
  }

  private static @Nullable Duration unit(String k) {
    // "an" only as a whole word: "maintenant" or "semaine" must not read as years.
    if (k.contains("seconde") || k.contains("second") || k.contains("ثان")) {
      return Duration.ofSeconds(1);
    }
    if (k.contains("minute") || k.contains("دقيق") || k.contains("دقائق")) {
      return Duration.ofMinutes(1);
    }
    if (k.contains("heure") || k.contains("hour") || k.contains("ساع")) {
      return Duration.ofHours(1);
    }
    if (k.contains("semaine") || k.contains("week") || k.contains("سبوع") || k.contains("سابيع")) {
      return Duration.ofDays(7);
    }
    if (k.contains("jour") || k.contains("day") || k.contains("يوم") || k.contains("أيام") || k.contains("ايام")) {
      return Duration.ofDays(1);
    }
    if (k.contains("mois") || k.contains("month") || k.contains("شهر") || k.contains("شهور")) {
      return Duration.ofDays(30);
    }
    if (k.matches(".*\\b(an|ans|annee|annees|year|years)\\b.*") || k.contains("سن") || k.contains("عام")) {
      return Duration.ofDays(365);
    }
    return null;
  }
}
