package dev.souk.transforms.crawl;

import dev.souk.io.http.FetcherConfig;
import dev.souk.io.http.HttpFetcher;
import dev.souk.io.http.ApacheHttpFetcher;
import dev.souk.io.sample.LocalSiteServer;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Serializable recipe for the worker-side {@link HttpFetcher}. DoFns call {@link #get()} in
 * {@code @Setup}; one fetcher is shared per JVM and recipe, so its per-host delay and robots
 * cache hold across every DoFn instance of that worker, not per instance.
 */
public final class FetcherProvider implements Serializable {
  private static final Map<FetcherProvider, HttpFetcher> SHARED = new ConcurrentHashMap<>();

  private final FetcherConfig config;
  private final @Nullable String sampleResourceRoot;
  private final boolean sharedPerJvm;

  private FetcherProvider(FetcherConfig config, @Nullable String sampleResourceRoot, boolean sharedPerJvm) {
    this.config = config;
    this.sampleResourceRoot = sampleResourceRoot;
    this.sharedPerJvm = sharedPerJvm;
  }

  /** Fetches the real sites. */
  public static FetcherProvider live(FetcherConfig config) {
    return new FetcherProvider(config, null, true);
  }

  /**
   * Fetches a saved copy of the sites served from the classpath folder {@code resourceRoot} by an
   * embedded server on 127.0.0.1, started once per worker JVM. Pages keep their public URLs.
   */
  public static FetcherProvider bundledSample(FetcherConfig config, String resourceRoot) {
    return new FetcherProvider(config, resourceRoot, true);
  }

  /**
   * Gives every {@link #get()} call, i.e. every DoFn instance, its own fetcher with its own in-JVM
   * throttle and robots cache, as if each ran in a separate worker JVM. Lets a single-JVM run show
   * that politeness across workers comes from keyed state and not from the shared throttle.
   */
  public FetcherProvider withFetcherPerInstance() {
    return new FetcherProvider(config, sampleResourceRoot, false);
  }

  public FetcherConfig config() {
    return config;
  }

  public HttpFetcher get() {
    return sharedPerJvm ? SHARED.computeIfAbsent(this, FetcherProvider::create) : create();
  }

  private HttpFetcher create() {
    if (sampleResourceRoot == null) {
      return new ApacheHttpFetcher(config);
    }
    LocalSiteServer server = LocalSiteServer.shared(sampleResourceRoot);
    return new ApacheHttpFetcher(config.toBuilder().setMirrors(server.mirrors()).build());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FetcherProvider
        && config.equals(((FetcherProvider) o).config)
        && Objects.equals(sampleResourceRoot, ((FetcherProvider) o).sampleResourceRoot)
        && sharedPerJvm == ((FetcherProvider) o).sharedPerJvm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, sampleResourceRoot, sharedPerJvm);
  }
}
