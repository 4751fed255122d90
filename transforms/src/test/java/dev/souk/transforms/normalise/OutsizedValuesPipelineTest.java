package dev.souk.transforms.normalise;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import dev.souk.transforms.parse.ParseDetailPages;
import dev.souk.transforms.sites.SiteAdapters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * One outsized value is one failure row: a page and a payload line priced at 10^30 each fail alone
 * in normalisation, and every other listing of the input lands.
 */
@RunWith(JUnit4.class)
public class OutsizedValuesPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HUGE_PRICE = "1" + "0".repeat(30) + " DH";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aPageWithATenToTheThirtyPriceFailsAloneAndTheOtherPagesLand() throws Exception {
    List<FetchedPage> pages = avitoDetailPages(4);
    FetchedPage victim = pages.get(1);
    RawListingFields shown = SiteAdapters.forSite(Site.AVITO).parseDetailPage(victim.getUrl(), victim.getBody());
    String outsized = victim.getBody().replace(shown.priceText, HUGE_PRICE);
    assertNotEquals("the page's price text is in its HTML", victim.getBody(), outsized);
    pages.set(1, victim.toBuilder().setBody(outsized).build());
    String victimId = SiteAdapters.forSite(Site.AVITO).listingIdFromUrl(victim.getUrl()).orElseThrow();

    WithFailures.Result<PCollection<RawListing>, FailureRecord> parsed =
        pipeline.apply(Create.of(pages)).apply(ParseDetailPages.create());
    WithFailures.Result<PCollection<PropertyListing>, FailureRecord> silver =
        parsed.output().apply(NormaliseListings.realEstate());

    int others = pages.size() - 1;
    PAssert.that(parsed.failures()).empty();
    PAssert.that(ids(silver.output())).satisfies(ids -> {
      List<String> landed = StreamSupport.stream(ids.spliterator(), false).toList();
      assertEquals(landed.toString(), others, landed.size());
      assertTrue(!landed.contains(victimId));
      return null;
    });
    PAssert.that(keys(silver.failures())).containsInAnyOrder(
        "normalise " + FieldLimits.OUT_OF_RANGE + " Listing avito/" + victimId + ": priceAmount = 1" + "0".repeat(30)
            + " is outside 0 < price <= 1000000000000");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aPayloadLineWithATenToTheThirtyPriceFailsAloneAndTheOtherLinesLand() throws IOException {
    List<String> lines = RealRecords.lines("avito_raw_2025-11-03.jsonl").subList(0, 12);
    Path good = tmp.newFile("good.jsonl").toPath();
    Files.write(good, lines, StandardCharsets.UTF_8);
    List<String> withHuge = new ArrayList<>(lines);
    ObjectNode line = (ObjectNode) JSON.readTree(lines.get(3));
    ObjectNode payload = (ObjectNode) JSON.readTree(line.get("payload").asText());
    payload.put("price_text", HUGE_PRICE);
    line.put("payload", payload.toString());
    withHuge.set(3, line.toString());
    Path outsized = tmp.newFile("outsized.jsonl").toPath();
    Files.write(outsized, withHuge, StandardCharsets.UTF_8);
    String victimId = line.get("id").asText();

    PCollection<PropertyListing> baseline = normalised("Good", good).output();
    WithFailures.Result<PCollection<PropertyListing>, FailureRecord> silver = normalised("Outsized", outsized);

    PAssert.that(ids(baseline)).satisfies(ids -> {
      assertTrue("the victim lands when its price is sane",
          StreamSupport.stream(ids.spliterator(), false).anyMatch(victimId::equals));
      assertTrue(StreamSupport.stream(ids.spliterator(), false).count() >= 10);
      return null;
    });
    PAssert.that(ids(silver.output())).satisfies(ids -> {
      List<String> landed = StreamSupport.stream(ids.spliterator(), false).toList();
      assertTrue(!landed.contains(victimId));
      assertEquals(landed.toString(), 11, landed.size());
      return null;
    });
    PAssert.that(keys(silver.failures())).containsInAnyOrder(
        "normalise " + FieldLimits.OUT_OF_RANGE + " Listing avito/" + victimId + ": priceAmount = 1" + "0".repeat(30)
            + " is outside 0 < price <= 1000000000000");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aStackOverflowInOneRecordIsItsFailureRow() {
    List<RawListing> raws = List.of(raw("1"), raw("2"), raw("3"));
    WithFailures.Result<PCollection<PropertyListing>, FailureRecord> silver = pipeline.apply(Create.of(raws))
        .apply(NormaliseListings.of(PropertyListing.class, Site.Market.REAL_ESTATE, raw -> {
          if (raw.getListingId().equals("2")) {
            throw new StackOverflowError();
          }
          return PropertyListingNormaliser.normalise(raw, "sale");
        }));
    PAssert.that(ids(silver.output())).containsInAnyOrder("1", "3");
    PAssert.that(keys(silver.failures())).containsInAnyOrder("normalise normaliser_error StackOverflowError");
    pipeline.run().waitUntilFinish();
  }

  /** The first {@code n} Avito detail pages of the sample site that hold a listing. */
  private static List<FetchedPage> avitoDetailPages(int n) throws IOException {
    List<FetchedPage> pages = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(resource("/sample-site/manifest.json"))) {
      if (entry.path("site").asText().equals("avito") && entry.path("expect").asText().equals("listing")
          && pages.size() < n) {
        pages.add(page(entry.path("url").asText(), resource("/sample-site/" + entry.path("file").asText())));
      }
    }
    return pages;
  }

  private WithFailures.Result<PCollection<PropertyListing>, FailureRecord> normalised(String name, Path file) {
    WithFailures.Result<PCollection<RawListing>, FailureRecord> read =
        pipeline.apply(name + "Read", ReadOriginalPayloads.from(file.toString()));
    return read.output().apply(name + "Normalise", NormaliseListings.realEstate());
  }

  private static PCollection<String> ids(PCollection<PropertyListing> listings) {
    return listings.apply("Ids" + listings.getName(),
        MapElements.into(TypeDescriptors.strings()).via(PropertyListing::getListingId));
  }

  private static PCollection<String> keys(PCollection<FailureRecord> failures) {
    return failures.apply("Keys" + failures.getName(), MapElements.into(TypeDescriptors.strings())
        .via(f -> f.getStep() + " " + f.getReason() + " " + f.getMessage()));
  }

  private static FetchedPage page(String url, String body) {
    return FetchedPage.builder().setUrl(url).setFinalUrl(url).setSite("avito").setKind("DETAIL").setOfferHint("sale")
        .setStatus(200).setFetchedAt(new Instant(1_762_171_234_567L))
        .setHeaders(Map.of("content-type", "text/html; charset=utf-8")).setBody(body).build();
  }

  private static RawListing raw(String id) {
    RawListingFields f = FieldLimitsTest.property("5 500 DH");
    f.listingId = id;
    f.url = "https://www.avito.ma/fr/autre_secteur/bureaux/Bureau_" + id + ".htm";
    return RawListing.create("avito", id, f.url, f.toJson(), RawListingFields.FORMAT, "test", RealRecords.SCRAPED,
        RealRecords.SCRAPED);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = OutsizedValuesPipelineTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
