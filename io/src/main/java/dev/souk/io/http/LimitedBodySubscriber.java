package dev.souk.io.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body but gives up, cancelling the exchange, as soon as it (or its declared
 * Content-Length) passes the limit, so an oversized body is never buffered whole.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  /** Signals {@code body_too_large}; an IOException because that is what the client propagates. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(String message) {
      super(message);
    }
  }

  private final long limit;
  private final long declaredLength;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private Flow.Subscription subscription;
  private long received;

  LimitedBodySubscriber(long limit, long declaredLength) {
    this.limit = limit;
    this.declaredLength = declaredLength;
  }

  static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> new LimitedBodySubscriber(limit, info.headers().firstValueAsLong("content-length").orElse(-1));
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declaredLength > limit) {
      tooLarge("Content-Length " + declaredLength);
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      received += item.remaining();
      if (received > limit) {
        tooLarge("more than " + limit + " bytes received");
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      buffer.write(chunk, 0, chunk.length);
    }
    subscription.request(1);
  }

  private void tooLarge(String what) {
    subscription.cancel();
    result.completeExceptionally(new BodyTooLargeException(what + ", limit " + limit));
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}
