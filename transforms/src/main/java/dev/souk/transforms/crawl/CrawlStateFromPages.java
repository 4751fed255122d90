package dev.souk.transforms.crawl;

import dev.souk.model.CrawlState;
import dev.souk.model.FetchedPage;
import dev.souk.model.ListingKey;
import dev.souk.model.PageKind;
import dev.souk.model.Site;
import dev.souk.transforms.sites.ListPage;
import dev.souk.transforms.sites.PageParseException;
import dev.souk.transforms.sites.SiteAdapter;
import dev.souk.transforms.sites.SiteAdapters;
import java.util.Comparator;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The crawl-state rows of a crawl, one per detail page stored (2xx) or confirmed unchanged (304),
 * with the fingerprint of the card it was fetched for. Read from the crawl's own output (list page
 * bodies give the cards, detail pages the validators), so {@link CrawlSites}' output stays the
 * pages and failures it always was.
 */
public final class CrawlStateFromPages extends PTransform<PCollection<FetchedPage>, PCollection<CrawlState>> {
  private static final TupleTag<String> CARDS = new TupleTag<>() {};
  private static final TupleTag<FetchedPage> DETAILS = new TupleTag<>() {};

  private CrawlStateFromPages() {}

  public static CrawlStateFromPages create() {
    return new CrawlStateFromPages();
  }

  @Override
  public PCollection<CrawlState> expand(PCollection<FetchedPage> pages) {
    PCollection<KV<String, String>> cards = pages.apply("CardFingerprints", ParDo.of(new CardsFn()));
    PCollection<KV<String, FetchedPage>> details = pages.apply("StoredDetailPages", ParDo.of(new DetailsFn()));
    return KeyedPCollectionTuple.of(CARDS, cards)
        .and(DETAILS, details)
        .apply("JoinByListing", CoGroupByKey.create())
        .apply("ToCrawlState", ParDo.of(new JoinFn()));
  }

  /** Cards of each list page read; list pages that fail to parse were reported by the crawl's walk. */
  private static final class CardsFn extends DoFn<FetchedPage, KV<String, String>> {
    @ProcessElement
    public void process(@Element FetchedPage page, OutputReceiver<KV<String, String>> out) {
      if (!PageKind.LIST.name().equals(page.getKind()) || !page.isSuccess()) {
        return;
      }
      try {
        ListPage list = adapter(page).parseListPage(page.getUrl(), page.getBody());
        for (ListPage.DetailLink link : list.detailLinks()) {
          out.output(KV.of(ListingKey.of(page.getSite(), link.listingId()), link.fingerprint()));
        }
      } catch (PageParseException | RuntimeException alreadyReported) {
        // The walk parsed this very body and sent its failure to the dead letters.
      }
    }
  }

  private static final class DetailsFn extends DoFn<FetchedPage, KV<String, FetchedPage>> {
    @ProcessElement
    public void process(@Element FetchedPage page, OutputReceiver<KV<String, FetchedPage>> out) {
      boolean stored = page.isSuccess() || page.getStatus() == 304;
      if (PageKind.DETAIL.name().equals(page.getKind()) && stored) {
        adapter(page).listingIdFromUrl(page.getUrl())
            .ifPresent(id -> out.output(KV.of(ListingKey.of(page.getSite(), id), page)));
      }
    }
  }

  /**
   * One row per fetched listing. A listing shown on two list pages with two prices (it changed
   * while the crawl paged) takes the smallest fingerprint, so reruns agree; the next crawl then
   * refetches it at worst once.
   */
  private static final class JoinFn extends DoFn<KV<String, CoGbkResult>, CrawlState> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<CrawlState> out) {
      String fingerprint = StreamSupport.stream(joined.getValue().getAll(CARDS).spliterator(), false)
          .min(Comparator.naturalOrder()).orElse(null);
      FetchedPage page = StreamSupport.stream(joined.getValue().getAll(DETAILS).spliterator(), false)
          .max(Comparator.comparing(FetchedPage::getFetchedAt).thenComparing(FetchedPage::getUrl)).orElse(null);
      if (fingerprint == null || page == null) {
        return;
      }
      String listingId = joined.getKey().substring(page.getSite().length() + 1);
      out.output(CrawlState.create(page.getSite(), listingId, fingerprint, page.getUrl(),
          page.getHeaders().get("etag"), page.getHeaders().get("last-modified"), page.getFetchedAt()));
    }
  }

  private static SiteAdapter adapter(FetchedPage page) {
    return SiteAdapters.forSite(Site.fromCode(page.getSite()));
  }
}
