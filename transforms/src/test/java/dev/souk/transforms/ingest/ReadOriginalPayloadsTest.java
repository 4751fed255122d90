package dev.souk.transforms.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.souk.model.FailureRecord;
import dev.souk.model.RawListing;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The original producers' files in, bronze raw listings out: every line is a listing or a failure. */
public class ReadOriginalPayloadsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyLineOfTheRealExportsIsAListingOrAFailure() throws Exception {
    Path dir = tmp.newFolder("payloads").toPath();
    String[] files = {"avito_raw_2025-11-03.jsonl", "notebook_sample_payloads.jsonl",
        "bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl", "bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl"};
    long lines = 0;
    for (String f : files) {
      Path target = dir.resolve(f);
      Files.copy(new File(getClass().getResource("/records/" + f).toURI()).toPath(), target);
      lines += Files.readAllLines(target, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
    }
    // Garbage a topic dump can hold: not JSON, JSON that is no object, an error-only payload.
    Files.writeString(dir.resolve("garbage.jsonl"), String.join("\n",
        "not json at all",
        "[1, 2, 3]",
        "{\"id\": \"1\", \"url\": \"https://www.avito.ma/fr/x/a_1.htm\", \"error\": \"502 Server Error: Bad Gateway\", \"listing_type\": \"location\"}"));
    long total = lines + 3;

    WithFailures.Result<PCollection<RawListing>, FailureRecord> read =
        p.apply(ReadOriginalPayloads.from(dir.resolve("*.jsonl").toString()));
    PAssert.that(read.output()).satisfies(raw -> {
      Map<String, Integer> perSite = new TreeMap<>();
      raw.forEach(r -> {
        perSite.merge(r.getSite(), 1, Integer::sum);
        assertThat(r.getProvenance(), startsWith("file:"));
      });
      assertThat(perSite, equalTo(Map.of("avito", 177 + 38 + 2, "mubawab", 33 + 2)));
      return null;
    });
    PAssert.that(read.failures()).satisfies(failures -> {
      Map<String, Integer> reasons = new TreeMap<>();
      failures.forEach(f -> reasons.merge(f.getReason(), 1, Integer::sum));
      assertThat(reasons, equalTo(Map.of("not_json", 1, "not_a_json_object", 1, "upstream_error", 1)));
      return null;
    });
    PAssert.that(read.output()).satisfies(raw -> {
      long listings = StreamSupport.stream(raw.spliterator(), false).count();
      assertThat("lines in = listings + failures", listings + 3, equalTo(total));
      return null;
    });
    p.run();
  }

  @Test
  public void theHostileFileReconcilesLineByLineInThePipeline() throws Exception {
    Map<Integer, Object[]> lines = PayloadLinesTest.hostileFile(1000, 2 << 20);
    Path file = PayloadLinesTest.write(tmp.newFile("hostile.jsonl").toPath(), lines);
    Map<String, String> expected = new TreeMap<>();
    lines.forEach((n, line) -> {
      if (!line[0].equals("blank")) {
        expected.put(PayloadLines.provenance(file.toString(), n), (String) line[0]);
      }
    });

    WithFailures.Result<PCollection<RawListing>, FailureRecord> read =
        p.apply(ReadOriginalPayloads.from(file.toString()).withMaxLineBytes(1 << 20));
    PCollection<KV<String, String>> fates = PCollectionList.of(
            read.output().apply("ListingFate", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(r -> KV.of(r.getProvenance(), "listing"))))
        .and(read.failures().apply("FailureFate", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via(f -> KV.of(f.getUrl(), f.getReason()))))
        .apply(Flatten.pCollections());
    PAssert.that(fates).satisfies(all -> {
      Map<String, String> actual = new TreeMap<>();
      all.forEach(kv -> actual.put(kv.getKey(), kv.getValue()));
      assertThat(actual, equalTo(expected));
      return null;
    });
    PipelineResult result = p.run();
    result.waitUntilFinish();

    Map<String, Long> counts = new TreeMap<>();
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (c.getName().getNamespace().equals(ReadOriginalPayloads.FILE_NAMESPACE_PREFIX + file)) {
        counts.put(c.getName().getName(), c.getAttempted());
      }
    }
    assertThat(counts, equalTo(Map.of(ReadOriginalPayloads.LINES, 28L, ReadOriginalPayloads.RAW_LISTINGS, 11L,
        ReadOriginalPayloads.FAILURES, 15L, ReadOriginalPayloads.BLANK_LINES, 2L)));
  }
}
