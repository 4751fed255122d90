package dev.souk.pipelines.sources;

import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.io.http.FetcherConfig;
import dev.souk.model.Site;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.options.CrawlOptions;
import dev.souk.pipelines.options.OptionPaths;
import dev.souk.transforms.crawl.FetcherProvider;
import dev.souk.transforms.sites.SiteAdapter;
import dev.souk.transforms.sites.SiteAdapters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.transforms.archive.WriteWarc;
import dev.souk.transforms.crawl.CrawlSites;
import dev.souk.transforms.crawl.ReadKnownListings;
import dev.souk.transforms.crawl.ScheduledStartPages;
import dev.souk.transforms.parse.ParseDetailPages;
import dev.souk.transforms.sites.StartPage;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An incremental crawl of the sites: start pages → list pages → new or changed detail pages →
 * parse. Reads the crawl state earlier runs (or rounds) stored (the graph derives this crawl's from
 * the pages once bronze holds them); optionally records every page to WARC files.
 */
public final class CrawlSource implements ListingSource {
  private final List<StartPage> startPages;
  private final CrawlSites crawl;
  private final String description;
  private final @Nullable String warcOutput;

  private CrawlSource(List<StartPage> startPages, CrawlSites crawl, String description, @Nullable String warcOutput) {
    this.startPages = List.copyOf(startPages);
    this.crawl = crawl;
    this.description = description;
    this.warcOutput = warcOutput;
  }

  /** Classpath folder of the bundled offline sample (see {@code sample-site/}). */
  public static final String SAMPLE_RESOURCE_ROOT = "souk-sample";

  /** Politeness towards the real sites when {@code --perHostDelayMillis} is not given. */
  static final long LIVE_DEFAULT_DELAY_MILLIS = 2000;

  /**
   * The crawl {@code options} describe, of the real sites ({@code live}) or of the bundled sample
   * (served on 127.0.0.1, no delay needed). Every bad value fails here, naming the option.
   */
  public static CrawlSource from(CrawlOptions options, boolean live) {
    Set<Site> sites = new LinkedHashSet<>();
    for (String code : list(options.getSites() == null ? "" : options.getSites())) {
      sites.add(Arrays.stream(Site.values()).filter(s -> s.code().equals(code.toLowerCase(Locale.ROOT)))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("--sites names '" + code
              + "', which is not a site; known sites: " + String.join(", ", Site.codes()))));
    }
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("--sites is empty; give at least one of " + String.join(", ", Site.codes()));
    }
    Set<String> offers = new LinkedHashSet<>();
    for (String offer : list(options.getOffers() == null ? "" : options.getOffers())) {
      String o = offer.toLowerCase(Locale.ROOT);
      if (!o.equals("sale") && !o.equals("rent")) {
        throw new IllegalArgumentException("--offers accepts sale and rent, not '" + offer + "'");
      }
      offers.add(o);
    }
    List<StartPage> starts = new ArrayList<>();
    for (Site site : sites) {
      SiteAdapter adapter = SiteAdapters.find(site).orElseThrow(() -> new IllegalArgumentException(
          "--sites names " + site.code() + ", which has no site adapter yet; crawlable sites: "
              + SiteAdapters.all().stream().map(a -> a.site().code()).collect(Collectors.joining(", "))));
      adapter.startPages().stream()
          .filter(s -> s.getOffer() == null || offers.contains(s.getOffer()))
          .forEach(starts::add);
    }
    if (starts.isEmpty()) {
      throw new IllegalArgumentException("--sites=" + options.getSites() + " with --offers=" + options.getOffers()
          + " gives no page to start from: real-estate sites have sale and rent pages, phone sites neither");
    }
    if (options.getMaxListPages() < 1) {
      throw new IllegalArgumentException("--maxListPages must be at least 1, was " + options.getMaxListPages());
    }
    Integer budget = options.getMaxDetailPagesPerSite();
    if (budget != null && budget < 0) {
      throw new IllegalArgumentException("--maxDetailPagesPerSite must be ≥ 0, was " + budget);
    }
    long delay = options.getPerHostDelayMillis() != null ? options.getPerHostDelayMillis()
        : live ? LIVE_DEFAULT_DELAY_MILLIS : 0;
    if (delay < 0) {
      throw new IllegalArgumentException("--perHostDelayMillis must be ≥ 0, was " + delay);
    }
    if (options.getHostFailuresBeforePause() < 1) {
      throw new IllegalArgumentException("--hostFailuresBeforePause must be at least 1 (1 pauses a host after its"
          + " first failure), was " + options.getHostFailuresBeforePause());
    }
    if (options.getHostPauseSeconds() < 1) {
      throw new IllegalArgumentException("--hostPauseSeconds must be at least 1, was " + options.getHostPauseSeconds());
    }
    if (options.getCrawlerUserAgent() == null || options.getCrawlerUserAgent().isBlank()) {
      throw new IllegalArgumentException("--crawlerUserAgent is empty; name your crawler and a contact URL, "
          + "e.g. --crawlerUserAgent='MyBot/1.0 (+https://example.org/bot)'");
    }
    String warcOutput = blankToNull(options.getWarcOutput());
    if (warcOutput != null) {
      OptionPaths.folderToWriteIfLocal("--warcOutput", warcOutput);
    }
    if (options.getMaxBodyBytes() < 1) {
      throw new IllegalArgumentException("--maxBodyBytes must be at least 1, was " + options.getMaxBodyBytes());
    }
    FetcherConfig fetcherConfig = FetcherConfig.defaults().toBuilder()
        .setUserAgent(options.getCrawlerUserAgent())
        .setMaxBodyBytes(options.getMaxBodyBytes())
        .setPerHostDelay(Duration.ofMillis(delay))
        .build();
    FetcherProvider fetcher = live
        ? FetcherProvider.live(fetcherConfig)
        : FetcherProvider.bundledSample(fetcherConfig, SAMPLE_RESOURCE_ROOT);
    CrawlSites crawl = CrawlSites.with(fetcher)
        .withMaxListPages(options.getMaxListPages())
        .withCircuitBreaker(options.getHostFailuresBeforePause(), Duration.ofSeconds(options.getHostPauseSeconds()));
    if (budget != null) {
      crawl = crawl.withMaxDetailPagesPerSite(budget);
    }
    String what = "crawl of " + sites.stream().map(Site::code).collect(Collectors.joining(", "))
        + (live ? " (live sites)" : " (bundled sample)");
    return of(starts, crawl, what).withWarcOutput(warcOutput);
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Crawls from {@code startPages} with {@code crawl} (fetcher, politeness, budgets already set). */
  public static CrawlSource of(List<StartPage> startPages, CrawlSites crawl, String description) {
    if (startPages.isEmpty()) {
      throw new IllegalArgumentException("a crawl needs at least one start page");
    }
    return new CrawlSource(startPages, crawl, description, null);
  }

  /** Also records every fetched page to WARC files in {@code folder}. */
  public CrawlSource withWarcOutput(@Nullable String folder) {
    return new CrawlSource(startPages, crawl, description, folder);
  }

  public List<StartPage> startPages() {
    return startPages;
  }

  /** The crawl step as configured (fetcher, politeness, budgets), before the known listings are given. */
  public CrawlSites crawl() {
    return crawl;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public Acquired acquire(Pipeline pipeline, Lake lake) {
    PCollectionView<Map<String, CrawlState>> known;
    PCollection<StartPage> starts;
    String state = LakeTables.CRAWL_STATE.id();
    if (lake.rounds().continuous()) {
      // Read at the start of every round: the rounds before it have committed (CrawlTicks waits).
      known = lake.rounds().ticks().apply("KnownListings",
          ReadKnownListings.eachTick(lake.iceberg().readOnEach(state, LakeTables.CRAWL_STATE.schema())));
      starts = lake.rounds().ticks().apply("StartPages", ScheduledStartPages.of(startPages));
    } else {
      known = pipeline.apply("KnownListings",
          ReadKnownListings.from(lake.iceberg().read(state, LakeTables.CRAWL_STATE.schema())));
      starts = pipeline.apply("StartPages", Create.of(startPages).withCoder(startPageCoder(pipeline)));
    }
    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> crawled =
        starts.apply("Crawl", crawl.withKnownListings(known));
    PCollection<FetchedPage> pages = crawled.output();
    if (warcOutput != null) {
      pages.apply("RecordWarc", WriteWarc.to(warcOutput));
    }
    var parsed = pages.apply("Parse", ParseDetailPages.create());
    PCollection<FailureRecord> failures = PCollectionList.of(crawled.failures()).and(parsed.failures())
        .apply("CrawlFailures", Flatten.pCollections());
    return new Acquired(pages, true, parsed.output(), failures);
  }

  private static org.apache.beam.sdk.coders.Coder<StartPage> startPageCoder(Pipeline pipeline) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(StartPage.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(StartPage.class + " has no Beam schema", e);
    }
  }
}
