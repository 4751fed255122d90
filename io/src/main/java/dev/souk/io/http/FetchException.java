package dev.souk.io.http;

import java.util.Locale;

/**
 * A fetch that produced no usable HTTP response. {@link #reason()} is a short stable code for
 * failure records and metrics; the message names the URL and what to change.
 */
public class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a fetch failed; {@link #code()} is what failure records store. */
  public enum Reason {
    BAD_URL,
    HOST_NOT_ALLOWED,
    ADDRESS_NOT_ALLOWED,
    ROBOTS_DENIED,
    REDIRECT_NOT_ALLOWED,
    TOO_MANY_REDIRECTS,
    TIMEOUT,
    BODY_TOO_LARGE,
    NETWORK_ERROR;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Transient failures worth another attempt. */
    boolean retryable() {
      return this == TIMEOUT || this == NETWORK_ERROR;
    }
  }

  private final Reason reason;
  private final String url;

  public FetchException(Reason reason, String url, String message) {
    this(reason, url, message, null);
  }

  public FetchException(Reason reason, String url, String message, Throwable cause) {
    super(reason.code() + ": " + url + ": " + message, cause);
    this.reason = reason;
    this.url = url;
  }

  /** The short code, e.g. {@code robots_denied}. */
  public String reason() {
    return reason.code();
  }

  public Reason reasonType() {
    return reason;
  }

  /** The public URL that failed (for redirects, the hop that was refused). */
  public String url() {
    return url;
  }
}
