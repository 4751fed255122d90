package dev.souk.pipelines.lake;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.io.iceberg.LakeConfig;
import dev.souk.pipelines.options.SoukOptions;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The lake's catalog options, branch by branch. */
class LakeCatalogsTest {
  private static final Path OUT = Path.of("/tmp/souk-out");

  private static LakeConfig lake(String... args) {
    return LakeCatalogs.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class), OUT);
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> lake(args)).getMessage();
  }

  @Test
  void theEmbeddedHadoopCatalogLivesUnderTheOutputFolderUnlessToldOtherwise() {
    assertThat(lake().catalogProperties().get("type"), equalTo("hadoop"));
    assertThat(lake().catalogProperties().get("warehouse"), equalTo("/tmp/souk-out/lake"));
    assertThat(lake("--lakeWarehouse=/data/lake").catalogProperties().get("warehouse"), equalTo("/data/lake"));
    assertThat(lake("--lakeCatalog=HADOOP").catalogProperties().get("type"), equalTo("hadoop"));
  }

  @Test
  void aRestCatalogNeedsItsUriAndWarehouse() {
    LakeConfig rest = lake("--lakeCatalog=rest", "--lakeCatalogUri=http://127.0.0.1:8181", "--lakeWarehouse=s3://b/lake");
    assertThat(rest.catalogProperties().get("type"), equalTo("rest"));
    assertThat(rest.catalogProperties().get("uri"), equalTo("http://127.0.0.1:8181"));
    assertThat(rest.catalogProperties().get("warehouse"), equalTo("s3://b/lake"));
    assertThat(error("--lakeCatalog=rest", "--lakeWarehouse=s3://b/lake"), containsString("needs --lakeCatalogUri"));
    assertThat(error("--lakeCatalog=rest", "--lakeCatalogUri=http://127.0.0.1:8181"), containsString("needs --lakeWarehouse"));
    assertThat(error("--lakeCatalog=glue"), containsString("--lakeCatalog must be 'hadoop' (embedded) or 'rest', not 'glue'"));
  }
}
