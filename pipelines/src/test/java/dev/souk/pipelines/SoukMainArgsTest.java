package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
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
  void aMissingArgFileSaysWhichFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoukMain.expandArgFiles(new String[] {"@" + tmp.resolve("nope.args")}));
    assertThat(e.getMessage(), containsString("nope.args"));
  }
}
