package dev.souk.transforms.crawl;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host on 127.0.0.1 that answers its first {@code failures} requests with 503, then 200 with a
 * small page, and logs each request's arrival (nanoTime).
 */
final class FlakyHost implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger served = new AtomicInteger();
  private final List<Long> arrivals = new ArrayList<>();

  FlakyHost(int failures) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(new ThreadFactoryBuilder().setDaemon(true).build()));
    server.createContext("/", exchange -> {
      synchronized (arrivals) {
        arrivals.add(System.nanoTime());
      }
      boolean fail = served.incrementAndGet() <= failures;
      byte[] body = (fail ? "overloaded" : "<html><body>listing</body></html>").getBytes(StandardCharsets.UTF_8);
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
        out.write(body);
      }
    });
    server.start();
  }

  /** Base URL for {@code FetcherConfig.mirrors} of {@code host}. */
  String mirrorBase(String host) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + host;
  }

  List<Long> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
