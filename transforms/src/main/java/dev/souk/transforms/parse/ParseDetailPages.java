package dev.souk.transforms.parse;

import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PageKind;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.Failures;
import dev.souk.transforms.sites.PageParseException;
import dev.souk.transforms.sites.SiteAdapter;
import dev.souk.transforms.sites.SiteAdapters;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Turns successfully fetched detail pages into raw listings with the site's adapter. List pages
 * and non-2xx pages pass by (the crawl already recorded those); a page that cannot be read
 * becomes a failure record carrying its body, never an empty listing.
 */
public final class ParseDetailPages
    extends PTransform<PCollection<FetchedPage>, WithFailures.Result<PCollection<RawListing>, FailureRecord>> {

  private static final TupleTag<RawListing> LISTINGS = new TupleTag<RawListing>() {};

  private ParseDetailPages() {}

  public static ParseDetailPages create() {
    return new ParseDetailPages();
  }

  @Override
  public WithFailures.Result<PCollection<RawListing>, FailureRecord> expand(PCollection<FetchedPage> pages) {
    PCollectionTuple parsed =
        pages.apply(
            "ParseWithSiteAdapter",
            ParDo.of(new ParseFn()).withOutputTags(LISTINGS, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(parsed.get(LISTINGS), parsed.get(Failures.TAG));
  }

  private static final class ParseFn extends DoFn<FetchedPage, RawListing> {
    @ProcessElement
    public void process(@Element FetchedPage page, MultiOutputReceiver out) {
      if (!PageKind.DETAIL.name().equals(page.getKind()) || !page.isSuccess()) {
        return;
      }
      String site = page.getSite();
      try {
        SiteAdapter adapter = SiteAdapters.forSite(Site.fromCode(site));
        RawListingFields fields = adapter.parseDetailPage(page.getUrl(), page.getBody());
        fields.crawlMode = page.getOfferHint();
        String listingId = fields.listingId != null ? fields.listingId
            : adapter.listingIdFromUrl(page.getUrl()).orElse(null);
        if (listingId == null) {
          throw new PageParseException(PageParseException.LAYOUT_CHANGED,
              "No listing id in the page or its URL " + page.getUrl());
        }
        out.get(LISTINGS).output(RawListing.create(
            site, listingId, page.getUrl(), fields.toJson(), RawListingFields.FORMAT,
            "page:" + page.getUrl(), page.getFetchedAt(), Instant.now()));
        Failures.counter(site, "raw_listings").inc();
      } catch (PageParseException e) {
        out.get(Failures.TAG).output(
            Failures.record("parse", site, page.getUrl(), e.reason(), e.getMessage(), page.getBody()));
      } catch (Throwable e) {
        // An adapter bug, or a stack or heap blown by one page, must not take the whole run
        // down: the page goes to the dead letter.
        out.get(Failures.TAG).output(Failures.record(
            "parse", site, page.getUrl(), "parser_error", Failures.describe(Failures.containable(e)), page.getBody()));
      }
    }
  }
}
