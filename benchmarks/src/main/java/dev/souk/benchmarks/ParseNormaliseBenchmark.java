package dev.souk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.normalise.NormalisationException;
import dev.souk.transforms.normalise.PropertyListingNormaliser;
import dev.souk.transforms.normalise.PhoneListingNormaliser;
import dev.souk.transforms.sites.PageParseException;
import dev.souk.transforms.sites.SiteAdapter;
import dev.souk.transforms.sites.SiteAdapters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.joda.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detail pages per second, per core (one benchmark thread), for each site on the bundled sample
 * pages. One operation is one page, taken round-robin over every good detail page of the site:
 *
 * <ul>
 *   <li>{@code jsoupParse}: the baseline, jsoup building the DOM and nothing else;
 *   <li>{@code adapterParse}: the site adapter (jsoup plus field extraction);
 *   <li>{@code parseAndNormalise}: what the pipeline does per page: adapter, the bronze JSON
 *       round trip, and the normaliser's silver row.
 * </ul>
 *
 * Read the results as ratios to {@code jsoupParse} of the same run and site: the absolute numbers
 * depend on the machine, the ratios on Souk's code. The short run (1 fork, 2 warm-up and 3
 * measured iterations of 2 s) finishes in about two minutes on 2 cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ParseNormaliseBenchmark {
  private static final Instant FETCHED = Instant.parse("2025-11-25T00:16:12Z");

  @Param({"avito", "mubawab", "mobilemasr", "noon", "dubizzle"})
  public String site;

  private SiteAdapter adapter;
  private List<String> urls;
  private List<String> pages;
  private int next;

  @Setup(Level.Trial)
  public void loadPages() throws IOException {
    adapter = SiteAdapters.forSite(Site.fromCode(site));
    urls = new ArrayList<>();
    pages = new ArrayList<>();
    for (JsonNode e : new ObjectMapper().readTree(resource("sample-site/manifest.json"))) {
      if (e.get("site").asText().equals(site) && e.get("kind").asText().equals("detail")
          && e.path("expect").asText().equals("listing")) {
        urls.add(e.get("url").asText());
        pages.add(resource("sample-site/" + e.get("file").asText()));
      }
    }
    if (pages.isEmpty()) {
      throw new IllegalStateException("No sample detail pages for site " + site);
    }
  }

  private int nextPage() {
    int i = next;
    next = (next + 1) % pages.size();
    return i;
  }

  @Benchmark
  public Document jsoupParse() {
    int i = nextPage();
    return Jsoup.parse(pages.get(i), urls.get(i));
  }

  @Benchmark
  public RawListingFields adapterParse() throws PageParseException {
    int i = nextPage();
    return adapter.parseDetailPage(urls.get(i), pages.get(i));
  }

  @Benchmark
  public ListingVersion parseAndNormalise() throws PageParseException, NormalisationException {
    int i = nextPage();
    RawListingFields f = adapter.parseDetailPage(urls.get(i), pages.get(i));
    RawListing raw = RawListing.create(site, f.listingId, urls.get(i), f.toJson(), RawListingFields.FORMAT,
        "page:" + urls.get(i), FETCHED, FETCHED);
    return adapter.site().market() == Site.Market.REAL_ESTATE
        ? PropertyListingNormaliser.normalise(raw, null)
        : PhoneListingNormaliser.normalise(raw);
  }

  private static String resource(String name) {
    try (InputStream in = ParseNormaliseBenchmark.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + ": is sample-site/ packaged in the jar?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
