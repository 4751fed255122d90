package dev.souk.io.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import com.google.common.io.ByteStreams;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.souk.io.Urls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Serves a saved copy of the sites from the classpath, so the whole crawl runs offline (laptop
 * runs, tests). A request for {@code http://127.0.0.1:PORT/<host>/<path>?<query>} answers with the
 * manifest entry whose url is {@code https://<host>/<path>?<query>}; point the fetcher at it with
 * {@code FetcherConfig.builder().setMirrors(server.mirrors())}.
 *
 * <p>The resource folder holds {@code manifest.json}, a JSON array of entries {@code {"url",
 * "file", "status", "contentType", ...}}; other fields are ignored. Files are loaded at start so a
 * broken manifest fails immediately rather than mid-crawl.
 */
public final class LocalSiteServer implements AutoCloseable {
  /** One request as the server saw it: raw path with query, and when it arrived. */
  public record LoggedRequest(String path, Instant time) {
    /** The public host the request was for: the path's first segment. */
    public String host() {
      return path.substring(1).split("[/?]", 2)[0];
    }
  }

  private record Page(int status, String contentType, byte[] body, String etag) {}

  /** One server per resource root per JVM, so every worker JVM can serve from its own jar. */
  private static final Map<String, LocalSiteServer> SHARED = new ConcurrentHashMap<>();

  private final String resourceRoot;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Page> pages;
  private final ImmutableMap<String, String> mirrors;
  private final List<LoggedRequest> requestLog = new ArrayList<>();
  private final List<Consumer<LoggedRequest>> requestListeners = new CopyOnWriteArrayList<>();

  private LocalSiteServer(String resourceRoot, Map<String, Page> pages, List<String> hosts) throws IOException {
    this.resourceRoot = resourceRoot;
    this.pages = pages;
    // Loopback only: the sample is for this machine, never exposed on the network.
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(8,
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("souk-sample-server-%d").build());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    startAsDaemon(server);
    ImmutableMap.Builder<String, String> m = ImmutableMap.builder();
    hosts.stream().distinct().sorted().forEach(h -> m.put(h, baseUrl() + "/" + h));
    this.mirrors = m.buildOrThrow();
  }

  /** Starts a server for the manifest under classpath folder {@code resourceRoot}. */
  public static LocalSiteServer start(String resourceRoot) throws IOException {
    String root = normaliseRoot(resourceRoot);
    JsonNode manifest = new ObjectMapper().readTree(resource(root, "manifest.json"));
    if (!manifest.isArray()) {
      throw new IOException("classpath:" + root + "/manifest.json must be a JSON array of {url, file, ...} entries");
    }
    Map<String, Page> pages = new HashMap<>();
    List<String> hosts = new ArrayList<>();
    for (JsonNode entry : manifest) {
      String url = entry.path("url").asText(null);
      String file = entry.path("file").asText(null);
      if (url == null || file == null) {
        throw new IOException("classpath:" + root + "/manifest.json: every entry needs \"url\" and \"file\": " + entry);
      }
      URI uri = URI.create(url);
      if (uri.getHost() == null) {
        throw new IOException("classpath:" + root + "/manifest.json: url is not absolute: " + url);
      }
      byte[] body;
      try (InputStream in = resource(root, file)) {
        body = ByteStreams.toByteArray(in);
      }
      String etag = "\"" + Hashing.sha256().hashBytes(body).toString().substring(0, 32) + "\"";
      Page page = new Page(entry.path("status").asInt(200),
          entry.path("contentType").asText("text/html; charset=utf-8"), body, etag);
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      // A page saved twice keeps its first copy.
      pages.putIfAbsent(key(host, uri.getRawPath(), uri.getRawQuery()), page);
      hosts.add(host);
    }
    return new LocalSiteServer(root, pages, hosts);
  }

  /**
   * The JDK's HTTP dispatcher thread inherits the daemon flag of the thread that starts the
   * server; started from a daemon thread it no longer keeps a finished job's JVM alive.
   */
  private static void startAsDaemon(HttpServer server) throws IOException {
    Thread starter = new Thread(server::start, "souk-sample-server-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting the sample server", e);
    }
  }

  /**
   * The JVM's server for {@code resourceRoot}, started on first use. Beam workers call this from
   * their own JVM (DoFn setup), so the sample needs no server started ahead of the pipeline.
   */
  public static LocalSiteServer shared(String resourceRoot) {
    return SHARED.computeIfAbsent(normaliseRoot(resourceRoot), root -> {
      try {
        return start(root);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the sample server for classpath:" + root, e);
      }
    });
  }

  private static String normaliseRoot(String resourceRoot) {
    return resourceRoot.replaceAll("^/+|/+$", "");
  }

  private static InputStream resource(String root, String file) throws IOException {
    String name = root + "/" + file;
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader()
        : LocalSiteServer.class.getClassLoader();
    InputStream in = loader.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("classpath resource '" + name + "' not found; is the sample folder on the classpath?");
    }
    return in;
  }

  /** {@code http://127.0.0.1:PORT}, without trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Public host to mirror base URL for every host in the manifest, for FetcherConfig.mirrors. */
  public ImmutableMap<String, String> mirrors() {
    return mirrors;
  }

  /** Requests served so far, in arrival order. */
  public List<LoggedRequest> requestLog() {
    synchronized (requestLog) {
      return ImmutableList.copyOf(requestLog);
    }
  }

  /**
   * Calls {@code listener} on the serving thread for each request before answering it: a point
   * where the job that fetches is running, for checks that need it up (e.g. which ports it holds).
   */
  public void onRequest(Consumer<LoggedRequest> listener) {
    requestListeners.add(listener);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String rawPath = uri.getRawPath();
      String rawQuery = uri.getRawQuery();
      LoggedRequest logged = new LoggedRequest(rawQuery == null ? rawPath : rawPath + "?" + rawQuery, Instant.now());
      synchronized (requestLog) {
        requestLog.add(logged);
      }
      requestListeners.forEach(listener -> listener.accept(logged));
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      // "/www.avito.ma/fr/x" -> host "www.avito.ma", path "/fr/x"
      String[] hostAndPath = rawPath.substring(1).split("/", 2);
      String path = hostAndPath.length > 1 ? "/" + hostAndPath[1] : "/";
      Page page = pages.get(key(hostAndPath[0].toLowerCase(Locale.ROOT), path, rawQuery));
      if (page == null) {
        respond(exchange, 404, "text/plain; charset=utf-8",
            ("not in sample " + resourceRoot + ": " + rawPath + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      exchange.getResponseHeaders().set("ETag", page.etag());
      String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
      if (page.status() == 200 && ifNoneMatch != null && etagMatches(ifNoneMatch, page.etag())) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      byte[] body = page.body();
      if (acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"))) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        body = gzip(body);
      }
      exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
      respond(exchange, page.status(), page.contentType(), method.equals("HEAD") ? null : body);
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // HttpServer reads length 0 as "chunked"; -1 means no body.
    exchange.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
    if (body != null && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static boolean etagMatches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().equals("gzip")) {
        return parts.length == 1 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  /** Lookup key, so that percent-encoding case and encoded vs raw non-ASCII do not matter. */
  static String key(String host, String rawPath, String rawQuery) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    return host + Urls.normalisedEscapes(path) + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + Urls.normalisedEscapes(rawQuery));
  }

  /** Stops the server; a shared server is forgotten so the next {@link #shared} starts afresh. */
  @Override
  public void close() {
    SHARED.remove(resourceRoot, this);
    server.stop(0);
    executor.shutdownNow();
  }
}
