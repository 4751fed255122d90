package dev.souk.io.http;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scriptable HTTP server on 127.0.0.1 standing in for public sites: each public host is served
 * under {@code /<host>/...} and reached through {@link FetcherConfig#mirrors()}. It records every
 * request with its arrival time so tests can measure politeness on the server side.
 */
final class TestSite implements AutoCloseable {
  record Hit(String path, long nanos) {}

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(new ThreadFactoryBuilder().setDaemon(true).build());
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final List<Hit> hits = new ArrayList<>();

  TestSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      synchronized (hits) {
        hits.add(new Hit(path, System.nanoTime()));
      }
      HttpHandler handler = routes.get(path);
      try (exchange) {
        if (handler == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          handler.handle(exchange);
        }
      }
    });
    server.start();
  }

  /** Answers requests for {@code https://<host><pathAndQuery>}. */
  TestSite route(String host, String pathAndQuery, HttpHandler handler) {
    routes.put("/" + host + pathAndQuery, handler);
    return this;
  }

  String mirrorBase(String host) {
    return "http://127.0.0.1:" + port() + "/" + host;
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Hit> hits() {
    synchronized (hits) {
      return List.copyOf(hits);
    }
  }

  List<Hit> hits(String host, String pathAndQuery) {
    return hits().stream().filter(h -> h.path().equals("/" + host + pathAndQuery)).toList();
  }

  static HttpHandler text(int status, String contentType, String body) {
    return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  static HttpHandler bytes(int status, String contentType, byte[] body) {
    return exchange -> send(exchange, status, contentType, body);
  }

  static HttpHandler redirect(int status, String location) {
    return exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(status, -1);
    };
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
