package dev.souk.pipelines;



import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.pipelines.options.SoukOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoukMainArgsTest {
  @TempDir Path tmp;

  @Test
  void argFileLinesAreExpandedAndALaterOptionOverridesTheFile() throws Exception {
    Path file = tmp.resolve("a.args");
    Files.writeString(file, "# the defaults\n--runner=DirectRunner\n\n  --outputDir=souk-output  \n--sites=avito\n");
    assertThat(SoukMain.expandArgFiles(new String[] {"@" + file, "--outputDir=/tmp/x", "--maxListPages=2"}),
        contains("--runner=DirectRunner", "--sites=avito", "--outputDir=/tmp/x", "--maxListPages=2"));
  }

  @Test
  void withNoRunnerNamedARunGetsEmbeddedFlinkAndANamedRunnerIsKept() {
    SoukOptions unnamed = SoukMain.parse(LocalRunnerDefaults.withEmbeddedRunner(List.of("--outputDir=/tmp/x")));
    assertThat(unnamed.getRunner().getSimpleName(), equalTo("FlinkRunner"));
    assertThat(unnamed.as(LocalRunnerDefaults.FlinkConf.class).getFlinkMaster(), equalTo("[local]"));
    assertThat(LocalRunnerDefaults.withEmbeddedRunner(List.of("--runner=DirectRunner", "--sites=avito")),
        contains("--runner=DirectRunner", "--sites=avito"));
    // An option the user gave with no runner is kept.
    SoukOptions cluster = SoukMain.parse(LocalRunnerDefaults.withEmbeddedRunner(List.of("--flinkMaster=host:8081")));
    assertThat(cluster.as(LocalRunnerDefaults.FlinkConf.class).getFlinkMaster(), equalTo("host:8081"));
  }

  @Test
  void hostPauseOptionsReachTheSettingsAndBadOnesNameTheOption() {
    SoukSettings settings = SoukSettings.from(
        options("--hostFailuresBeforePause=2", "--hostPauseSeconds=90"));
    assertThat(settings.crawl().orElseThrow().crawl().breaker().failureThreshold(), equalTo(2));
    assertThat(settings.crawl().orElseThrow().crawl().breaker().coolDown(), equalTo(Duration.ofSeconds(90)));

    IllegalArgumentException failures = assertThrows(IllegalArgumentException.class,
        () -> SoukSettings.from(options("--hostFailuresBeforePause=0")));
    assertThat(failures.getMessage(), containsString("--hostFailuresBeforePause must be at least 1"));
    IllegalArgumentException pause = assertThrows(IllegalArgumentException.class,
        () -> SoukSettings.from(options("--hostPauseSeconds=-5")));
    assertThat(pause.getMessage(), containsString("--hostPauseSeconds must be at least 1, was -5"));
  }

  @Test
  void theDefaultPauseIsFiveFailuresThenAMinute() {
    SoukSettings settings = SoukSettings.from(options());
    assertThat(settings.crawl().orElseThrow().crawl().breaker().failureThreshold(), equalTo(5));
    assertThat(settings.crawl().orElseThrow().crawl().breaker().coolDown(), equalTo(Duration.ofMinutes(1)));
  }

  private static SoukOptions options(String... args) {
    PipelineOptionsFactory.register(SoukOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(SoukOptions.class);
  }

  @Test
  void aMissingArgFileSaysWhichFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoukMain.expandArgFiles(new String[] {"@" + tmp.resolve("nope.args")}));
    assertThat(e.getMessage(), containsString("nope.args"));
  }

  @Test
  void aBadOptionIsOneLineThatSaysWhatToFixAndStatusTwo() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(SoukMain.launch(new String[] {"--lakeCatalog=glue"}, System.out, errStream), equalTo(2));
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8),
        equalTo("souk: --lakeCatalog must be 'hadoop' (embedded) or 'rest', not 'glue'" + System.lineSeparator()));
    err.reset();
    assertThat(SoukMain.launch(new String[] {"--noSuchOption=1"}, System.out, errStream), equalTo(2));
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8), containsString("noSuchOption"));
    err.reset();
    assertThat(SoukMain.launch(new String[] {"query", "--outputDir=" + tmp.resolve("none"), "SELECT 1"}, System.out,
        errStream), equalTo(2));
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8), containsString("No warehouse at"));
  }
}
