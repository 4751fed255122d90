package dev.souk.pipelines.warehouse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Holds the load marks of a window until every warehouse write of that window is done: a join on
 * one key with the writers' outputs, which fires only once all of them are complete for the window
 * (a write with no rows simply contributes nothing). {@code Wait.on} would do the same, but it
 * rewindows its signal and refuses the triggered windows of a continuous crawl.
 */
final class AfterWrites extends PTransform<PCollection<KV<String, String>>, PCollection<KV<String, String>>> {
  private static final String KEY = "loads";
  private final List<PCollection<Long>> writes;

  AfterWrites(List<PCollection<Long>> writes) {
    this.writes = List.copyOf(writes);
  }

  @Override
  public Map<TupleTag<?>, PValue> getAdditionalInputs() {
    Map<TupleTag<?>, PValue> inputs = new HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      inputs.put(new TupleTag<Long>("write" + i), writes.get(i));
    }
    return inputs;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<KV<String, String>> marks) {
    TupleTag<KV<String, String>> marksTag = new TupleTag<>("marks");
    KeyedPCollectionTuple<String> joined = KeyedPCollectionTuple.of(marksTag, marks
        .apply("KeyMarks", WithKeys.of(KEY))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), marks.getCoder())));
    List<TupleTag<Long>> writeTags = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      TupleTag<Long> tag = new TupleTag<>("write" + i);
      writeTags.add(tag);
      joined = joined.and(tag, writes.get(i)
          .apply("KeyWrite" + i, WithKeys.of(KEY))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    }
    return joined.apply("JoinWithWrites", CoGroupByKey.create())
        .apply("ReleaseMarks", ParDo.of(new ReleaseFn(marksTag)))
        .setCoder(marks.getCoder());
  }

  private static final class ReleaseFn extends DoFn<KV<String, CoGbkResult>, KV<String, String>> {
    private final TupleTag<KV<String, String>> marksTag;

    ReleaseFn(TupleTag<KV<String, String>> marksTag) {
      this.marksTag = marksTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> all, OutputReceiver<KV<String, String>> out) {
      all.getValue().getAll(marksTag).forEach(out::output);
    }
  }
}
