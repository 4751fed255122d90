package dev.souk.transforms.archive;

import static com.google.common.base.Preconditions.checkArgument;

import dev.souk.io.archive.WarcArchive;
import dev.souk.model.FetchedPage;
import dev.souk.transforms.Failures;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Records fetched pages as WARC files ({@link WarcArchive}) under a directory, and returns the
 * full names of the files written (in the global window).
 *
 * <p>Each bundle writes its own file(s), {@code souk-<UTC yyyyMMddHHmmssSSS>-<uuid>.warc.gz}, and
 * rolls over to a new one past {@link #withMaxFileBytes} (1 GiB by default, the usual WARC size).
 * Why per bundle rather than {@code FileIO.write()} or one file per run: a WARC file is a plain
 * concatenation of independent gzip members, so any number of files is one archive to readers;
 * writing where the pages already are needs no shuffle of page bodies, the largest data in the
 * run; and file names need no coordination between workers.
 *
 * <p>A file is written under {@code <name>.inprogress} and renamed when its bundle finishes, so a
 * replay glob ({@code *.warc.gz}) never reads a half-written file left by a failed bundle. A
 * bundle the runner retries after its files were renamed leaves those pages twice in the archive;
 * replay is unaffected because downstream deduplication keeps one version per listing.
 */
public final class WriteWarc extends PTransform<PCollection<FetchedPage>, PCollection<String>> {
  static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;

  private final String directory;
  private final long maxFileBytes;

  private WriteWarc(String directory, long maxFileBytes) {
    this.directory = directory;
    this.maxFileBytes = maxFileBytes;
  }

  /** Writes under {@code directory} (a local path or any Beam file system URI, e.g. {@code gs://b/warc}). */
  public static WriteWarc to(String directory) {
    checkArgument(directory != null && !directory.isBlank(), "WriteWarc.to needs a directory, got '%s'", directory);
    return new WriteWarc(directory, DEFAULT_MAX_FILE_BYTES);
  }

  /** Starts a new file once the current one holds at least {@code bytes} (compressed). */
  public WriteWarc withMaxFileBytes(long bytes) {
    checkArgument(bytes > 0, "withMaxFileBytes must be positive, was %s", bytes);
    return new WriteWarc(directory, bytes);
  }

  @Override
  public PCollection<String> expand(PCollection<FetchedPage> pages) {
    return pages
        // File names are reported once per bundle, which has no single window of its own.
        .apply("ToGlobalWindow", Window.into(new GlobalWindows()))
        .apply("WriteWarcFiles", ParDo.of(new WriteFn(directory, maxFileBytes)));
  }

  private static final class WriteFn extends DoFn<FetchedPage, String> {
    private static final DateTimeFormatter STAMP =
        DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final String directory;
    private final long maxFileBytes;
    private transient WarcArchive.@Nullable Writer writer;
    private transient @Nullable ResourceId inProgress;
    private transient @Nullable ResourceId target;
    private transient List<String> finished;
    private transient Instant latest;

    WriteFn(String directory, long maxFileBytes) {
      this.directory = directory;
      this.maxFileBytes = maxFileBytes;
    }

    @StartBundle
    public void startBundle() {
      finished = new ArrayList<>();
      latest = BoundedWindow.TIMESTAMP_MIN_VALUE;
    }

    @ProcessElement
    public void process(@Element FetchedPage page, @Timestamp Instant timestamp) throws IOException {
      if (writer == null) {
        open();
      }
      writer.write(page);
      Failures.counter(page.getSite(), "warc_pages_written").inc();
      if (timestamp.isAfter(latest)) {
        latest = timestamp;
      }
      if (writer.position() >= maxFileBytes) {
        close();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      if (writer != null) {
        close();
      }
      for (String file : finished) {
        context.output(file, latest, GlobalWindow.INSTANCE);
      }
    }

    private void open() throws IOException {
      String name = "souk-" + STAMP.format(java.time.Instant.now()) + "-" + UUID.randomUUID() + ".warc.gz";
      ResourceId dir = FileSystems.matchNewResource(directory, true);
      target = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
      inProgress = dir.resolve(name + ".inprogress", StandardResolveOptions.RESOLVE_FILE);
      writer = WarcArchive.writer(FileSystems.create(inProgress, "application/warc"), name);
    }

    private void close() throws IOException {
      writer.close();
      FileSystems.rename(List.of(inProgress), List.of(target));
      finished.add(target.toString());
      writer = null;
    }
  }
}
