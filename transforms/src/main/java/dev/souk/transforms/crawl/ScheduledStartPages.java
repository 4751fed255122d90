package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.transforms.sites.StartPage;
import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;

/**
 * The start pages again on every tick of a continuous crawl ({@link CrawlTicks}), in the tick's
 * window, so {@link CrawlSites} crawls each site once per round.
 */
public final class ScheduledStartPages extends PTransform<PCollection<Instant>, PCollection<StartPage>> {
  private final List<StartPage> startPages;

  private ScheduledStartPages(List<StartPage> startPages) {
    this.startPages = startPages;
  }

  /** The start pages each tick emits. */
  public static ScheduledStartPages of(List<StartPage> pages) {
    checkArgument(!checkNotNull(pages, "of needs start pages").isEmpty(), "of needs at least one start page");
    return new ScheduledStartPages(List.copyOf(pages));
  }

  @Override
  public PCollection<StartPage> expand(PCollection<Instant> ticks) {
    // A side input rather than a field: start pages travel with their schema coder, not Java serialization.
    PCollectionView<List<StartPage>> pages =
        ticks.getPipeline().apply("StartPages", Create.of(startPages)).apply("AsList", View.asList());
    return ticks.apply("StartPagesPerTick", ParDo.of(new EmitFn(pages)).withSideInputs(pages));
  }

  private static final class EmitFn extends DoFn<Instant, StartPage> {
    private final PCollectionView<List<StartPage>> pages;

    EmitFn(PCollectionView<List<StartPage>> pages) {
      this.pages = pages;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.sideInput(pages).forEach(c::output);
    }
  }
}
