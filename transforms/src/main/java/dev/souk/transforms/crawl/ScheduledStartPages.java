package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.souk.transforms.sites.StartPage;
import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The start pages again every period, for a continuous crawl inside one streaming job. Each tick's
 * start pages get a fixed window of one period, so the crawl's grouping (one fetch per listing)
 * and everything downstream fire once per tick, when the watermark passes the window, without
 * triggers; {@link SkipUnchangedListings} keeps what it knows across windows.
 */
public final class ScheduledStartPages extends PTransform<PBegin, PCollection<StartPage>> {
  private final Duration period;
  private final List<StartPage> startPages;
  private final @Nullable Duration stopAfter;

  private ScheduledStartPages(Duration period, List<StartPage> startPages, @Nullable Duration stopAfter) {
    this.period = period;
    this.startPages = startPages;
    this.stopAfter = stopAfter;
  }

  /** A tick now and every {@code period} after; set the pages with {@link #of}. */
  public static ScheduledStartPages every(Duration period) {
    checkArgument(period != null && period.isLongerThan(Duration.ZERO), "every needs a positive period, was %s", period);
    return new ScheduledStartPages(period, List.of(), null);
  }

  /** The start pages each tick emits. */
  public ScheduledStartPages of(List<StartPage> pages) {
    checkArgument(!checkNotNull(pages, "of needs start pages").isEmpty(), "of needs at least one start page");
    return new ScheduledStartPages(period, List.copyOf(pages), stopAfter);
  }

  /** Last tick {@code duration} after the first, then the input ends (tests, one-off backfills). */
  public ScheduledStartPages withStopAfter(Duration duration) {
    checkArgument(duration != null && !duration.isShorterThan(Duration.ZERO), "withStopAfter must not be negative");
    return new ScheduledStartPages(period, startPages, duration);
  }

  @Override
  public PCollection<StartPage> expand(PBegin begin) {
    checkState(!startPages.isEmpty(), "ScheduledStartPages needs start pages: call of(...)");
    // A side input rather than a field: start pages travel with their schema coder, not Java serialization.
    PCollectionView<List<StartPage>> pages = begin.apply("StartPages", Create.of(startPages)).apply("AsList", View.asList());
    PeriodicImpulse ticks = PeriodicImpulse.create().startAt(Instant.now()).withInterval(period);
    return begin
        .apply("Ticks", stopAfter == null ? ticks : ticks.stopAfter(stopAfter))
        .apply("StartPagesPerTick", ParDo.of(new EmitFn(pages)).withSideInputs(pages))
        .apply("WindowPerTick", Window.into(FixedWindows.of(period)));
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
