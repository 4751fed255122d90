package dev.souk.transforms.sites;

import com.google.common.hash.Hashing;
import dev.souk.transforms.text.Price;
import dev.souk.transforms.text.PriceParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/** What a search-results page yields: detail links in page order, and the next page. */
public record ListPage(List<DetailLink> detailLinks, Optional<String> nextPageUrl) {

  /**
   * A link to a listing's page, with the listing id read from it and the price its card shows
   * (exactly as shown; null when the card shows none).
   */
  public record DetailLink(String url, String listingId, @Nullable String priceText) {

    /**
     * Stable hash of the listing id and the card's price as an amount and currency: a listing
     * whose fingerprint is unchanged since its page was stored need not be fetched again. Only
     * the first amount counts (PriceParser), so Avito's monthly mortgage estimate glued after the
     * price (docs/sites.md §1.3), which moves with interest rates, does not look like a price change;
     * and "6 300 DH" and "6\u00A0300 DH" are the same price.
     */
    public String fingerprint() {
      Price price = PriceParser.parse(priceText, null);
      String shown = price.onRequest() ? "on_request"
          : price.amount() == null ? "none"
          : price.amount().toPlainString() + " " + (price.currency() == null ? "" : price.currency());
      return Hashing.sha256()
          .hashString(listingId + "\n" + shown, StandardCharsets.UTF_8)
          .toString()
          .substring(0, 16);
    }
  }
}
