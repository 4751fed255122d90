package dev.souk.pipelines;

import dev.souk.pipelines.sources.CrawlSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.model.Site;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the bundled sample promises, read from its manifest: the test's expected counts come
 * from the sample itself, so adding pages to the sample never needs a test edit.
 */
final class SampleManifest {
  record Entry(String url, String site, String kind, String expect, String recordId) {}

  final List<Entry> entries = new ArrayList<>();

  /** The entries of the given sites only: the part of the sample a job crawling them sees. */
  static SampleManifest load(String commaSeparatedSites) {
    Set<String> wanted = Set.of(commaSeparatedSites.split(","));
    SampleManifest all = load();
    SampleManifest m = new SampleManifest();
    all.entries.stream().filter(e -> wanted.contains(e.site())).forEach(m.entries::add);
    return m;
  }

  static SampleManifest load() {
    try (InputStream in = SampleManifest.class.getResourceAsStream(
        "/" + CrawlSource.SAMPLE_RESOURCE_ROOT + "/manifest.json")) {
      if (in == null) {
        throw new IllegalStateException("souk-sample/manifest.json is not on the classpath");
      }
      SampleManifest m = new SampleManifest();
      for (JsonNode e : new ObjectMapper().readTree(in)) {
        JsonNode record = e.path("record");
        m.entries.add(new Entry(e.path("url").asText(), e.path("site").asText(), e.path("kind").asText(),
            e.path("expect").asText(null), record.isMissingNode() || record.isNull() ? null : record.path("id").asText()));
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Entry> details(String expect) {
    return entries.stream().filter(e -> e.kind().equals("detail") && expect.equals(e.expect())).toList();
  }

  /** "site/id" of every listing the sample expects to come out clean. */
  Set<String> expectedListingKeys() {
    Set<String> keys = new TreeSet<>();
    details("listing").forEach(e -> keys.add(e.site() + "/" + e.recordId()));
    return keys;
  }

  /** The same, for one market's sites. */
  Set<String> expectedListingKeys(Site.Market market) {
    Set<String> keys = new TreeSet<>();
    details("listing").stream().filter(e -> Site.fromCode(e.site()).market() == market)
        .forEach(e -> keys.add(e.site() + "/" + e.recordId()));
    return keys;
  }

  long listPages() {
    return entries.stream().filter(e -> e.kind().equals("list")).count();
  }

  Set<String> sites() {
    Set<String> sites = new TreeSet<>();
    entries.forEach(e -> sites.add(e.site()));
    return sites;
  }
}
