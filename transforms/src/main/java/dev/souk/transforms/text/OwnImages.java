package dev.souk.transforms.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How each site's image URLs tell a listing's own photos from those of other listings (the
 * "similar ads" thumbnails a detail page shows, and that the AMRES Mubawab producer sent among the
 * gallery), docs/sites.md §1.4, §2.4. The page adapters and the original-payload reader apply the same
 * rule, so a page and its payload keep the same images.
 */
public enum OwnImages {
  /**
   * Avito's {@code content.avito.ma/classifieds/images/<imageId>} carries an image number, not the
   * ad's: the URL says only that it is a listing photo. Whose it is, only the page can tell (the
   * adapter reads the ad's own gallery and skips images inside links to other ads); every listing
   * photo of a payload is kept, since the producers read that gallery only.
   */
  AVITO(Pattern.compile("^https?://content\\.avito\\.ma/classifieds/images/\\d+")) {
    @Override
    boolean belongs(String listingId, Matcher m) {
      return true;
    }
  },
  /**
   * Mubawab's image path spells the ad id in groups of thousands before an {@code F}: {@code
   * mubawab-media.com/ad/8/257/884F/h/<name>.avif} is ad 8257884. Any other id is another ad's photo.
   */
  MUBAWAB(Pattern.compile("^https?://(?:www\\.)?mubawab-media\\.com/ad/(\\d+(?:/\\d+)*)F?/")) {
    @Override
    boolean belongs(String listingId, Matcher m) {
      return stripZeros(m.group(1).replace("/", "")).equals(stripZeros(listingId.strip()));
    }
  };

  private final Pattern shape;

  OwnImages(Pattern shape) {
    this.shape = shape;
  }

  abstract boolean belongs(String listingId, Matcher shapeMatch);

  /** The url is a photo of listing {@code listingId} by this site's rule (the site's image shape, and its id where the URL has one). */
  public boolean isOwn(String listingId, @Nullable String url) {
    if (url == null) {
      return false;
    }
    Matcher m = shape.matcher(url.strip());
    return m.find() && belongs(listingId, m);
  }

  /**
   * The listing's own images among {@code urls}, in order and each once. Without a listing id no
   * URL can be judged, and all are kept.
   */
  public List<String> of(@Nullable String listingId, @Nullable List<String> urls) {
    Set<String> out = new LinkedHashSet<>();
    if (urls != null) {
      for (String u : urls) {
        if (u != null && (listingId == null || listingId.isBlank() || isOwn(listingId, u))) {
          out.add(u);
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static String stripZeros(String digits) {
    return LeadingZeros.PATTERN.matcher(digits).replaceFirst("");
  }

  /** Compiled once (an enum's own static fields cannot be read from its constants' initialisers). */
  private static final class LeadingZeros {
    static final Pattern PATTERN = Pattern.compile("^0+(?=.)");
  }
}
