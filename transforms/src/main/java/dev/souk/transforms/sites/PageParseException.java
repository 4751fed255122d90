package dev.souk.transforms.sites;

/** A page that could not be read; {@link #reason()} is the short code stored in the dead letter. */
public class PageParseException extends Exception {
  /** The page lacks the fields every listing must have: selectors no longer match. */
  public static final String LAYOUT_CHANGED = "layout_changed";
  /** The page is not HTML of the expected kind (empty, binary, another site, truncated). */
  public static final String NOT_A_PAGE = "not_a_listing_page";

  private final String reason;

  public PageParseException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
