package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.sample.LocalSiteServer;
import dev.souk.pipelines.net.ListeningSockets;
import dev.souk.pipelines.net.ListeningSockets.Listener;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.sources.CrawlSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on the bundled sample, run as shipped with no configuration file, listens on
 * loopback only, whatever the runner: every socket the JVM listens on while the sample server
 * answers the job's requests (runner endpoints and the sample server are up then) is on
 * 127.0.0.1 or ::1.
 */
class LoopbackOnlyIT {
  private static final Set<Listener> SEEN = ConcurrentHashMap.newKeySet();

  @TempDir Path tmp;

  @BeforeAll
  static void observeListenersOnEverySampleRequest() {
    assertTrue(ListeningSockets.supported(), "the check reads Linux /proc");
    LocalSiteServer.shared(CrawlSource.SAMPLE_RESOURCE_ROOT).onRequest(request -> {
      try {
        SEEN.addAll(ListeningSockets.ofThisProcess());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Test
  void directRunListensOnLoopbackOnly() {
    // The element-cloning checks stay on in SoukPipelineTest; here they only cost time.
    runAndCheck("--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false");
  }

  @Test
  void sparkRunListensOnLoopbackOnly() {
    runAndCheck("--runner=SparkRunner", "--sparkMaster=local[2]");
  }

  @Test
  void flinkRunWithoutConfFolderListensOnLoopbackOnly() {
    runAndCheck("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
        "--fasterCopy=true");
  }

  private void runAndCheck(String... runnerArgs) {
    SEEN.clear();
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(List.of("--source=sample", "--sites=mubawab", "--offers=sale", "--maxListPages=1",
        "--outputDir=" + tmp.resolve("out")));
    SoukOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
        .as(SoukOptions.class);
    SoukMain.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    int samplePort = Integer.parseInt(LocalSiteServer.shared(CrawlSource.SAMPLE_RESOURCE_ROOT).baseUrl()
        .replaceAll(".*:(\\d+).*", "$1"));
    assertThat("the observer saw the sample server", SEEN.stream().map(Listener::port).toList(), hasItem(samplePort));
    assertThat(SEEN.size(), greaterThan(0));
    assertThat("listening beyond loopback", SEEN.stream().filter(l -> !l.loopback()).map(Listener::toString).toList(),
        empty());
  }
}
