package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the test server's binaries are looked for, and the failure (not a skip) without them. */
class LocalPostgresTest {
  @TempDir Path tmp;

  @Test
  void withoutBinariesTheTestsFailSayingWhatToInstall() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> LocalPostgres.findBinaries(null, tmp.resolve("no-such-folder"), tmp.toString()));
    assertThat(e.getMessage(), containsString("apt-get install -y postgresql"));
    assertThat(e.getMessage(), containsString("SOUK_PG_BIN"));
  }

  @Test
  void theNewestDebianVersionWinsOverThePath() throws Exception {
    Path debian = tmp.resolve("postgresql");
    Path v9 = executables(debian.resolve("9/bin"));
    Path v15 = executables(debian.resolve("15/bin"));
    Path onPath = executables(tmp.resolve("path"));
    assertThat(LocalPostgres.findBinaries(null, debian, onPath.toString()), equalTo(v15));
    assertThat(LocalPostgres.findBinaries(v9.toString(), debian, onPath.toString()), equalTo(v9));
    assertThat(LocalPostgres.findBinaries("", tmp.resolve("none"), onPath.toString()), equalTo(onPath));
  }

  private static Path executables(Path bin) throws Exception {
    Files.createDirectories(bin);
    for (String name : new String[] {"initdb", "pg_ctl"}) {
      Path file = Files.createFile(bin.resolve(name));
      file.toFile().setExecutable(true);
    }
    return bin;
  }
}
