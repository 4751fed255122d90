package dev.souk.transforms.normalise;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Hex SHA-256 over a listing's content: equal hashes mean nothing a user sees has changed, so
 * a re-scrape of an unchanged ad is not a new version.
 *
 * <p>Covered, in this fixed order (changing it changes every hash): source, listingId, url,
 * title, description, offer, propertyType, priceAmount, priceCurrency, priceOnRequest,
 * surfaceTotalM2, surfaceLivingM2, rooms, bedrooms, bathrooms, floor, city, neighbourhood,
 * sellerName, sellerUrl, sellerIsStore, equipments, images, latitude, longitude,
 * offerMatchesCrawl, condition, ageBucket, zoning. Fields added later go at the end (each
 * addition changes every hash once).
 * Not covered: scrapedAt (when we looked is not content), publishedAt (sites often show it only
 * relative to when we looked, "il y a 5 heures", so it drifts between two scrapes of an
 * unchanged ad) and contentHash itself.
 *
 * <p>Phones ({@link #of(PhoneListing)}), in this order: source, listingId, url, title, brand,
 * model, storageGb, ramGb, colour, condition, batteryHealthPct, warranty, warrantyMonths,
 * warrantyScope, priceAmount, priceCurrency, priceNegotiable, priceOnRequest, sellerName,
 * sellerUrl, location, city, district, images.
 *
 * <p>Encoding: each value is written as a UTF-8 string with a length prefix (null as length
 * -1), lists as their size then their items, so no two different rows share an input.
 * Amounts are written without trailing zeros (6500 and 6500.00 are one price), instants as
 * epoch milliseconds.
 */
public final class ContentHash {
  private ContentHash() {}

  public static String of(PropertyListing l) {
    return hash(out -> {
      write(out, l.getSource());
      write(out, l.getListingId());
      write(out, l.getUrl());
      write(out, l.getTitle());
      write(out, l.getDescription());
      write(out, l.getOffer());
      write(out, l.getPropertyType());
      write(out, amount(l.getPriceAmount()));
      write(out, l.getPriceCurrency());
      write(out, l.getPriceOnRequest());
      write(out, l.getSurfaceTotalM2());
      write(out, l.getSurfaceLivingM2());
      write(out, l.getRooms());
      write(out, l.getBedrooms());
      write(out, l.getBathrooms());
      write(out, l.getFloor());
      write(out, l.getCity());
      write(out, l.getNeighbourhood());
      write(out, l.getSellerName());
      write(out, l.getSellerUrl());
      write(out, l.getSellerIsStore());
      write(out, l.getEquipments());
      write(out, l.getImages());
      write(out, l.getLatitude());
      write(out, l.getLongitude());
      write(out, l.getOfferMatchesCrawl());
      write(out, l.getCondition());
      write(out, l.getAgeBucket());
      write(out, l.getZoning());
    });
  }

  public static String of(PhoneListing l) {
    return hash(out -> {
      write(out, l.getSource());
      write(out, l.getListingId());
      write(out, l.getUrl());
      write(out, l.getTitle());
      write(out, l.getBrand());
      write(out, l.getModel());
      write(out, l.getStorageGb());
      write(out, l.getRamGb());
      write(out, l.getColour());
      write(out, l.getCondition());
      write(out, l.getBatteryHealthPct());
      write(out, l.getWarranty());
      write(out, l.getWarrantyMonths());
      write(out, l.getWarrantyScope());
      write(out, amount(l.getPriceAmount()));
      write(out, l.getPriceCurrency());
      write(out, l.getPriceNegotiable());
      write(out, l.getPriceOnRequest());
      write(out, l.getSellerName());
      write(out, l.getSellerUrl());
      write(out, l.getLocation());
      write(out, l.getCity());
      write(out, l.getDistrict());
      write(out, l.getImages());
    });
  }

  private interface Fields {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private static String hash(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      fields.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream failed", e);
    }
    return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
  }

  private static @Nullable String amount(@Nullable BigDecimal price) {
    return price == null ? null : price.stripTrailingZeros().toPlainString();
  }

  private static void write(DataOutputStream out, @Nullable Object value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = value.toString().getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void write(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      write(out, v);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM ships SHA-256", e);
    }
  }
}
