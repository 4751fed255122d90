package dev.souk.pipelines.options;

import dev.souk.io.http.FetcherConfig;
import dev.souk.transforms.crawl.CircuitBreaker;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where and how politely to crawl. */
public interface CrawlOptions extends PipelineOptions {
  @Description(
      "Where pages come from: 'sample' = the bundled offline copy of the sites, served to the crawler "
          + "by an embedded server on 127.0.0.1; 'live' = the real sites (needs internet access); "
          + "'warc' = replay the WARC files of --warcInput instead of crawling; "
          + "'none' = no crawl (e.g. only --originalPayloads).")
  @Default.String("sample")
  String getSource();

  void setSource(String value);

  @Description("Comma-separated site codes to crawl: avito, mubawab, mobilemasr, noon, dubizzle.")
  @Default.String("avito,mubawab,mobilemasr,noon,dubizzle")
  String getSites();

  void setSites(String value);

  @Description("Comma-separated crawl modes of the real-estate sites: sale, rent.")
  @Default.String("sale,rent")
  String getOffers();

  void setOffers(String value);

  @Description("List pages to follow per start page (the crawl's page budget per site and mode).")
  @Default.Integer(5)
  int getMaxListPages();

  void setMaxListPages(int value);

  @Description(
      "Detail pages to fetch at most per site and run (the crawl's page budget); links over it are "
          + "counted as budget_skipped. Unset: no budget beyond --maxListPages.")
  Integer getMaxDetailPagesPerSite();

  void setMaxDetailPagesPerSite(Integer value);

  @Description(
      "Largest page body, in bytes, that the crawl and a WARC replay accept, before and after undoing "
          + "gzip or deflate; a larger page is a body_too_large failure. At least 1.")
  @Default.Long(FetcherConfig.DEFAULT_MAX_BODY_BYTES)
  long getMaxBodyBytes();

  void setMaxBodyBytes(long value);

  @Description("User-Agent sent with every request; identify yourself and give a contact URL.")
  @Default.String("SoukBot/0.1 (+https://github.com/souk-data/souk)")
  String getCrawlerUserAgent();

  void setCrawlerUserAgent(String value);

  @Description(
      "Minimum milliseconds between two requests to one host. Unset: 2000 for live sites, 0 for the "
          + "bundled sample. A robots.txt Crawl-delay larger than this wins.")
  Long getPerHostDelayMillis();

  void setPerHostDelayMillis(Long value);

  @Description(
      "Failures in a row (HTTP 5xx or 429, timeout, network error) after which the crawl stops "
          + "requesting a host, list and detail pages alike, for --hostPauseSeconds; the pages it "
          + "skips meanwhile are failures with reason circuit_open. At least 1.")
  @Default.Integer(CircuitBreaker.DEFAULT_FAILURE_THRESHOLD)
  int getHostFailuresBeforePause();

  void setHostFailuresBeforePause(int value);

  @Description(
      "Seconds a failing host is left alone (see --hostFailuresBeforePause); then one trial request "
          + "decides: an answer resumes the crawl of that host, another failure pauses it again. "
          + "At least 1.")
  @Default.Long(CircuitBreaker.DEFAULT_COOL_DOWN_SECONDS)
  long getHostPauseSeconds();

  void setHostPauseSeconds(long value);

  @Description(
      "Folder to record every fetched page to, as standard WARC files (ISO 28500, .warc.gz), for "
          + "replay with --source=warc. Unset: no recording.")
  String getWarcOutput();

  void setWarcOutput(String value);

  @Description("File pattern of WARC files to replay when --source=warc, e.g. 'archive/*.warc.gz'.")
  String getWarcInput();

  void setWarcInput(String value);
}
