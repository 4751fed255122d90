package dev.souk.pipelines.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path checks the resolvers share: what passes, and that checking creates nothing. */
class OptionPathsTest {
  @TempDir Path tmp;

  private String error(Runnable check) {
    return assertThrows(IllegalArgumentException.class, check::run).getMessage();
  }

  @Test
  void aMissingFolderThatCanBeCreatedPassesAndIsNotCreated() {
    Path deep = tmp.resolve("a/b/c");
    assertThat(OptionPaths.folderToWrite("--outputDir", deep), equalTo(deep));
    assertThat(OptionPaths.fileToWrite("--duckdbPath", deep.resolve("w.duckdb"), "souk.duckdb"),
        equalTo(deep.resolve("w.duckdb")));
    assertThat(Files.exists(tmp.resolve("a")), equalTo(false));
  }

  @Test
  void localLocationsAreCheckedAsPathsOrFileUrisAndOthersAreLeftToTheirFileSystem() throws Exception {
    Files.writeString(tmp.resolve("f"), "x");
    assertThat(error(() -> OptionPaths.folderToWriteIfLocal("--lakeWarehouse", tmp.resolve("f").toUri().toString())),
        equalTo("--lakeWarehouse=" + tmp.resolve("f") + " names a file; give a folder (created if missing)"));
    assertThat(error(() -> OptionPaths.folderToWriteIfLocal("--warcOutput", tmp.resolve("f/w").toString())),
        equalTo("--warcOutput=" + tmp.resolve("f/w") + " cannot be created: " + tmp.resolve("f") + " is a file"));
    OptionPaths.folderToWriteIfLocal("--lakeWarehouse", "s3://bucket/lake");
    OptionPaths.folderToWriteIfLocal("--warcOutput", "gs://bucket/warc");
    OptionPaths.folderToWriteIfLocal("--warcOutput", tmp.resolve("new").toUri().toString());
  }

  @Test
  void aPatternPassesWhenItMatchesAFile() throws Exception {
    Files.createDirectory(tmp.resolve("in"));
    Files.writeString(tmp.resolve("in/one.jsonl"), "{}");
    OptionPaths.filesMatch("--originalPayloads", tmp + "/in/*.jsonl");
    OptionPaths.filesMatch("--originalPayloads", tmp + "/in/one.jsonl");
    assertThat(error(() -> OptionPaths.filesMatch("--originalPayloads", tmp + "/in/*.json.gz")),
        equalTo("--originalPayloads='" + tmp + "/in/*.json.gz' matches no file"));
    assertThat(error(() -> OptionPaths.filesMatch("--warcInput", "nosuchfs://bucket/*.warc.gz")),
        equalTo("--warcInput='nosuchfs://bucket/*.warc.gz' cannot be listed: No filesystem found for scheme nosuchfs"));
  }
}
