package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad option of the main job, run through {@link SoukMain#launch} as a user would: one line
 * saying what to fix, exit status 2, and nothing written (no lake, no DuckDB file, no output
 * folder, no WARC folder). {@code {tmp}} in a case stands for the test's own folder, which holds a
 * file {@code afile}, a folder {@code folder} and the inputs {@code rec.warc.gz} and {@code dump.jsonl}.
 */
class SoukMainBadOptionsTest {
  @TempDir Path tmp;

  record Case(String message, List<String> args) {
    @Override
    public String toString() {
      return String.join(" ", args);
    }
  }

  private static Case bad(String message, String... args) {
    return new Case(message, List.of(args));
  }

  static Stream<Case> badOptions() {
    return Stream.of(
        // Counts, limits and delays
        bad("--maxListPages must be at least 1, was 0", "--maxListPages=0"),
        bad("--maxDetailPagesPerSite must be ≥ 0, was -3", "--maxDetailPagesPerSite=-3"),
        bad("--perHostDelayMillis must be ≥ 0, was -1", "--perHostDelayMillis=-1"),
        bad("--hostFailuresBeforePause must be at least 1 (1 pauses a host after its first failure), was 0",
            "--hostFailuresBeforePause=0"),
        bad("--hostPauseSeconds must be at least 1, was -5", "--hostPauseSeconds=-5"),
        bad("--lakeCommitIntervalSeconds must be at least 1, was 0", "--lakeCommitIntervalSeconds=0"),
        bad("--maxBodyBytes must be at least 1, was 0", "--maxBodyBytes=0"),
        bad("--maxBodyBytes must be at least 1, was -1", "--source=warc", "--warcInput={tmp}/afile", "--maxBodyBytes=-1"),
        bad("--maxPayloadLineBytes must be 1 to 2147483631, was 0", "--source=none",
            "--originalPayloads={tmp}/afile", "--maxPayloadLineBytes=0"),
        bad("--crawlRounds must be at least 1, was 0", "--crawlEvery=PT1H", "--crawlRounds=0"),
        bad("--maxListPages takes a whole number, not 'many'", "--maxListPages=many"),
        bad("--hostPauseSeconds takes a whole number, not '1.5'", "--hostPauseSeconds=1.5"),
        // Durations
        bad("--crawlEvery takes an ISO-8601 duration such as PT6H or PT30M, not '6h'", "--crawlEvery=6h"),
        bad("--crawlEvery must be at least 1 s, was PT0.5S", "--crawlEvery=PT0.5S"),
        // Inputs
        bad("--source=warc needs --warcInput, e.g. --warcInput='archive/*.warc.gz'", "--source=warc"),
        bad("--warcInput='{tmp}/archive/*.warc.gz' matches no file",
            "--source=warc", "--warcInput={tmp}/archive/*.warc.gz"),
        bad("--originalPayloads='{tmp}/dumps/*.jsonl' matches no file", "--originalPayloads={tmp}/dumps/*.jsonl"),
        // Outputs
        bad("--warcOutput={tmp}/afile names a file; give a folder (created if missing)", "--warcOutput={tmp}/afile"),
        bad("--warcOutput={tmp}/afile/warc cannot be created: {tmp}/afile is a file", "--warcOutput={tmp}/afile/warc"),
        bad("--duckdbPath={tmp}/folder names a folder; give a file such as {tmp}/folder/souk.duckdb",
            "--duckdbPath={tmp}/folder"),
        bad("--duckdbPath={tmp}/afile/souk.duckdb cannot be created: {tmp}/afile is a file",
            "--duckdbPath={tmp}/afile/souk.duckdb"),
        bad("--outputDir={tmp}/afile names a file; give a folder (created if missing)", "--outputDir={tmp}/afile"),
        bad("--outputDir={tmp}/afile/out cannot be created: {tmp}/afile is a file", "--outputDir={tmp}/afile/out"),
        bad("--lakeWarehouse={tmp}/afile names a file; give a folder (created if missing)",
            "--lakeWarehouse={tmp}/afile"),
        // The PostgreSQL warehouse (credentials only from the environment or a file)
        bad("--warehouse=postgres needs --postgresUrl, e.g. --postgresUrl=jdbc:postgresql://127.0.0.1:5432/souk",
            "--warehouse=postgres"),
        bad("--postgresUrl must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/souk, not 'postgres://db/souk'",
            "--warehouse=postgres", "--postgresUrl=postgres://db/souk"),
        bad("--postgresUrl must not hold a password: give it in SOUK_POSTGRES_PASSWORD or a file named by"
            + " --postgresPasswordFile", "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://db/souk?password=hunter2"),
        bad("--postgresSchema must be a plain name (letters, digits and _, not starting with a digit), not 'souk-prod'",
            "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://db/souk", "--postgresSchema=souk-prod"),
        bad("--postgresPasswordFile={tmp}/secret cannot be read (NoSuchFileException)",
            "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://db/souk", "--postgresPasswordFile={tmp}/secret"),
        bad("--postgresUrl is for --warehouse=postgres: add it or drop --postgresUrl",
            "--postgresUrl=jdbc:postgresql://db/souk"),
        // The Snowflake warehouse (this module's tests run with SOUK_SNOWFLAKE_USER set, no credential)
        bad("--warehouse=snowflake needs --snowflakeUrl, e.g. --snowflakeUrl=jdbc:snowflake://ACCOUNT.snowflakecomputing.com/",
            "--warehouse=snowflake"),
        bad("--snowflakeUrl must not hold a secret: give the key in SOUK_SNOWFLAKE_PRIVATE_KEY_FILE or the password in"
            + " SOUK_SNOWFLAKE_PASSWORD", "--warehouse=snowflake", "--snowflakeUrl=jdbc:snowflake://a/?password=hunter2"),
        bad("--warehouse=snowflake needs --snowflakeDatabase (an existing database; Souk creates only its schema)",
            "--warehouse=snowflake", "--snowflakeUrl=jdbc:snowflake://acme.snowflakecomputing.com/"),
        bad("--warehouse=snowflake needs a private key (SOUK_SNOWFLAKE_PRIVATE_KEY_FILE or --snowflakePrivateKeyFile)"
            + " or a password (SOUK_SNOWFLAKE_PASSWORD or --snowflakePasswordFile)", "--warehouse=snowflake",
            "--snowflakeUrl=jdbc:snowflake://acme.snowflakecomputing.com/", "--snowflakeDatabase=analytics"),
        bad("--snowflakePrivateKeyFile={tmp}/key.p8 cannot be read (NoSuchFileException)", "--warehouse=snowflake",
            "--snowflakeUrl=jdbc:snowflake://acme.snowflakecomputing.com/", "--snowflakeDatabase=analytics",
            "--snowflakePrivateKeyFile={tmp}/key.p8"),
        bad("--snowflakeUrl is for --warehouse=snowflake: add it or drop --snowflakeUrl",
            "--snowflakeUrl=jdbc:snowflake://acme.snowflakecomputing.com/"),
        // The lake's catalog
        bad("--lakeCatalog must be 'hadoop' (embedded) or 'rest', not 'glue'", "--lakeCatalog=glue"),
        bad("--lakeCatalog=rest needs --lakeCatalogUri, e.g. http://127.0.0.1:8181",
            "--lakeCatalog=rest", "--lakeWarehouse=s3://b/lake"),
        bad("--lakeCatalogUri must be an http(s) URL such as http://127.0.0.1:8181, not 'localhost:8181'",
            "--lakeCatalog=rest", "--lakeCatalogUri=localhost:8181", "--lakeWarehouse=s3://b/lake"),
        bad("--lakeCatalogUri is the address of a REST catalog: add --lakeCatalog=rest or drop --lakeCatalogUri",
            "--lakeCatalogUri=http://127.0.0.1:8181"),
        // The quality gates
        bad("--qualityGates must be 'warn' (report only), 'fail' (exit status 3 on a failed check) or 'off', not 'strict'",
            "--qualityGates=strict"),
        bad("--qualityThresholds={tmp}/gates.properties cannot be read (NoSuchFileException)",
            "--qualityThresholds={tmp}/gates.properties"),
        bad("--qualityThresholds={tmp}/afile: unknown key 'not'; keys are fill.<market or site>.<field>.warn|fail,"
            + " deadLetterShare[.<site>].warn|fail, rowCountDrop[.<site>].warn|fail or minSample",
            "--qualityThresholds={tmp}/afile"),
        // Unknown values
        bad("--warehouse must be 'duckdb' (the embedded warehouse), 'postgres' or 'snowflake', not 'oracle'",
            "--warehouse=oracle"),
        bad("--source must be 'sample' (bundled offline copy), 'live', 'warc' (replay --warcInput) or 'none', not 'web'",
            "--source=web"),
        bad("--sites names 'olx', which is not a site; known sites: avito, mubawab, mobilemasr, noon, dubizzle",
            "--sites=olx"),
        bad("--offers accepts sale and rent, not 'buy'", "--offers=sale,buy"),
        bad("--crawlerUserAgent is empty; name your crawler and a contact URL, "
            + "e.g. --crawlerUserAgent='MyBot/1.0 (+https://example.org/bot)'", "--crawlerUserAgent= "),
        // Combinations that cannot work
        bad("Nothing to read: --source=none needs --originalPayloads", "--source=none"),
        bad("--crawlRounds counts the rounds of a scheduled crawl: give --crawlEvery too", "--crawlRounds=2"),
        bad("--crawlEvery re-crawls the sites on a schedule: it needs --source=sample or --source=live, not --source=warc",
            "--crawlEvery=PT1H", "--source=warc", "--warcInput={tmp}/rec.warc.gz"),
        bad("--originalPayloads is a one-off batch input: load the files in a run without --crawlEvery",
            "--crawlEvery=PT1H", "--originalPayloads={tmp}/dump.jsonl"),
        bad("--warcInput is replayed only with --source=warc; add it or drop --warcInput",
            "--warcInput={tmp}/rec.warc.gz"),
        bad("--warcOutput records the pages of a crawl: it needs --source=sample or --source=live, not --source=none",
            "--source=none", "--originalPayloads={tmp}/dump.jsonl", "--warcOutput={tmp}/warc"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOptions")
  void aBadOptionIsOneLineStatusTwoAndNothingWritten(Case bad) throws IOException {
    Files.writeString(tmp.resolve("afile"), "not a folder");
    Files.createDirectory(tmp.resolve("folder"));
    Files.writeString(tmp.resolve("rec.warc.gz"), "");
    Files.writeString(tmp.resolve("dump.jsonl"), "");
    List<String> before = tree();
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner", "--outputDir=" + tmp.resolve("out")));
    bad.args().forEach(a -> args.add(a.replace("{tmp}", tmp.toString())));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SoukMain.launch(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8),
        equalTo("souk: " + bad.message().replace("{tmp}", tmp.toString()) + System.lineSeparator()));
    assertThat(status, equalTo(2));
    assertThat(out.toString(StandardCharsets.UTF_8), equalTo(""));
    assertThat("nothing is created before the options are checked", tree(), equalTo(before));
  }

  /** Every path under the test's folder. */
  private List<String> tree() throws IOException {
    try (Stream<Path> paths = Files.walk(tmp)) {
      return paths.map(p -> tmp.relativize(p).toString()).sorted().toList();
    }
  }
}
