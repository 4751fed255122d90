package dev.souk.pipelines.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.pipelines.options.SoukOptions;
import dev.souk.transforms.sites.StartPage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The crawl's options, branch by branch. */
class CrawlSourceTest {
  private static CrawlSource crawl(boolean live, String... args) {
    return CrawlSource.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class), live);
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> crawl(false, args)).getMessage();
  }

  private static Set<String> sitesOf(CrawlSource c) {
    return c.startPages().stream().map(StartPage::getSite).collect(Collectors.toSet());
  }

  @Test
  void sitesAndOffersChooseTheStartPages() {
    assertThat(sitesOf(crawl(false)), equalTo(Set.of("avito", "mubawab", "mobilemasr", "noon", "dubizzle")));
    CrawlSource rentOnly = crawl(false, "--sites= Avito ,mubawab,", "--offers=RENT");
    assertThat(sitesOf(rentOnly), equalTo(Set.of("avito", "mubawab")));
    assertThat(rentOnly.startPages().stream().map(StartPage::getOffer).toList(), everyItem(is("rent")));
    assertThat("phone sites have no offers: all their start pages stay",
        sitesOf(crawl(false, "--sites=noon,dubizzle", "--offers=sale")), equalTo(Set.of("noon", "dubizzle")));
    assertThat(crawl(false, "--sites=avito").describe(), equalTo("crawl of avito (bundled sample)"));
  }

  @Test
  void badSitesAndOffersSayWhatToFix() {
    assertThat(error("--sites=olx"), containsString("--sites names 'olx', which is not a site; known sites: avito"));
    assertThat(error("--sites= , "), containsString("--sites is empty"));
    assertThat(error("--offers=sale,buy"), containsString("--offers accepts sale and rent, not 'buy'"));
    assertThat(error("--sites=avito", "--offers="), containsString("gives no page to start from"));
  }

  @Test
  void politenessDefaultsDependOnWhetherTheSitesAreLive() {
    assertThat(crawl(true).crawl().fetcherConfig().perHostDelay(), equalTo(Duration.ofMillis(2000)));
    assertThat(crawl(false).crawl().fetcherConfig().perHostDelay(), equalTo(Duration.ZERO));
    assertThat(crawl(true, "--perHostDelayMillis=500").crawl().fetcherConfig().perHostDelay(),
        equalTo(Duration.ofMillis(500)));
    assertThat(crawl(false, "--crawlerUserAgent=Me/1").crawl().fetcherConfig().userAgent(), equalTo("Me/1"));
    assertThat(error("--perHostDelayMillis=-1"), containsString("--perHostDelayMillis must be ≥ 0, was -1"));
  }

  @Test
  void budgetsAndBreakerAreChecked() {
    assertThat(crawl(false, "--hostFailuresBeforePause=2", "--hostPauseSeconds=90").crawl().breaker().coolDown(),
        equalTo(Duration.ofSeconds(90)));
    assertThat(error("--hostFailuresBeforePause=0"), containsString("--hostFailuresBeforePause must be at least 1"));
    assertThat(error("--hostPauseSeconds=0"), containsString("--hostPauseSeconds must be at least 1, was 0"));
    assertThat(error("--maxListPages=0"), containsString("--maxListPages must be at least 1, was 0"));
    assertThat(error("--maxDetailPagesPerSite=-3"), containsString("--maxDetailPagesPerSite must be ≥ 0, was -3"));
    assertThat(crawl(false, "--maxListPages=7").crawl().maxListPages(), equalTo(7));
  }

  @Test
  void aCrawlNeedsStartPages() {
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> CrawlSource.of(List.of(), crawl(false).crawl(), "x")).getMessage(), containsString("start page"));
  }
}
