package dev.souk.transforms.archive;

import static com.google.common.base.Preconditions.checkArgument;

import dev.souk.io.Urls;
import dev.souk.io.archive.ArchivedPage;
import dev.souk.io.archive.WarcArchive;
import dev.souk.io.http.FetcherConfig;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PageKind;
import dev.souk.model.Site;
import dev.souk.transforms.Failures;
import dev.souk.transforms.sites.SiteAdapter;
import dev.souk.transforms.sites.SiteAdapters;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Replays WARC files as fetched pages, so an archived crawl goes through parse and normalise
 * exactly as the live crawl did.
 *
 * <p>Records Souk wrote ({@link WarcArchive}) come back as the identical {@link FetchedPage}.
 * Responses archived by another crawler become pages of the site whose allow-list holds their
 * host ({@link Site#forHost}), a detail page when the site's adapter finds a listing id in the URL
 * and a list page otherwise, with no crawl mode. Records that hold no page (warcinfo, request,
 * metadata, revisit) are skipped and counted under {@code souk/warc_records_skipped}.
 *
 * <p>Failures (step {@code read_warc}): {@code bad_warc_record} for a record or file that cannot
 * be read (the rest of a file after an unreadable record is lost: WARC has no sync marker to resume
 * at), {@code body_too_large} for a response whose record or decoded body exceeds the body
 * limit (the crawler's FetcherConfig.maxBodyBytes, 10 MB unless {@link #withMaxBodyBytes}; the
 * next records of the file still replay), {@code unknown_site} for a response from a host no Souk
 * site adapter reads.
 */
public final class ReadWarc
    extends PTransform<PBegin, WithFailures.Result<PCollection<FetchedPage>, FailureRecord>> {
  static final String STEP = "read_warc";
  static final String BAD_RECORD = "bad_warc_record";
  static final String UNKNOWN_SITE = "unknown_site";
  static final String BODY_TOO_LARGE = "body_too_large";

  private static final TupleTag<FetchedPage> PAGES = new TupleTag<FetchedPage>() {};

  private final String filepattern;
  private final long maxBodyBytes;

  private ReadWarc(String filepattern, long maxBodyBytes) {
    this.filepattern = filepattern;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Reads every file matching {@code filepattern}, e.g. {@code /data/warc/*.warc.gz}. */
  public static ReadWarc from(String filepattern) {
    checkArgument(filepattern != null && !filepattern.isBlank(), "ReadWarc.from needs a file pattern, got '%s'", filepattern);
    return new ReadWarc(filepattern, FetcherConfig.DEFAULT_MAX_BODY_BYTES);
  }

  /** Responses whose body exceeds {@code maxBodyBytes}, encoded or decoded, become failures. */
  public ReadWarc withMaxBodyBytes(long maxBodyBytes) {
    checkArgument(maxBodyBytes > 0, "withMaxBodyBytes must be positive, got %s", maxBodyBytes);
    return new ReadWarc(filepattern, maxBodyBytes);
  }

  /**
   * Reads the files matching each pattern of the input, such as the names {@link WriteWarc}
   * returns: lets one pipeline record and replay.
   */
  public static ReadAll readAll() {
    return new ReadAll(FetcherConfig.DEFAULT_MAX_BODY_BYTES);
  }

  @Override
  public WithFailures.Result<PCollection<FetchedPage>, FailureRecord> expand(PBegin begin) {
    return read(begin.apply("MatchWarcFiles", FileIO.match().filepattern(filepattern)), maxBodyBytes);
  }

  /** {@link ReadWarc} over a collection of file patterns. */
  public static final class ReadAll
      extends PTransform<PCollection<String>, WithFailures.Result<PCollection<FetchedPage>, FailureRecord>> {
    private final long maxBodyBytes;

    private ReadAll(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    /** As {@link ReadWarc#withMaxBodyBytes}. */
    public ReadAll withMaxBodyBytes(long maxBodyBytes) {
      checkArgument(maxBodyBytes > 0, "withMaxBodyBytes must be positive, got %s", maxBodyBytes);
      return new ReadAll(maxBodyBytes);
    }

    @Override
    public WithFailures.Result<PCollection<FetchedPage>, FailureRecord> expand(PCollection<String> patterns) {
      return read(patterns.apply("MatchWarcFiles", FileIO.matchAll()), maxBodyBytes);
    }
  }

  private static WithFailures.Result<PCollection<FetchedPage>, FailureRecord> read(
      PCollection<MatchResult.Metadata> files, long maxBodyBytes) {
    PCollectionTuple read =
        files
            // jwarc reads the per-record gzip members itself, and knows each record's offset.
            .apply("OpenWarcFiles", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
            .apply("ReadWarcRecords", ParDo.of(new ReadFn(maxBodyBytes)).withOutputTags(PAGES, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(read.get(PAGES), read.get(Failures.TAG));
  }

  private static final class ReadFn extends DoFn<FileIO.ReadableFile, FetchedPage> {
    private final long maxBodyBytes;

    ReadFn(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) {
      String name = file.getMetadata().resourceId().toString();
      long offset = 0;
      try (ReadableByteChannel channel = file.open();
          WarcReader reader = new WarcReader(channel)) {
        for (Optional<WarcRecord> record = reader.next(); record.isPresent(); record = reader.next()) {
          offset = reader.position();
          try {
            Optional<ArchivedPage> page = WarcArchive.read(record.get(), maxBodyBytes);
            if (page.isEmpty()) {
              Failures.counter(null, "warc_records_skipped").inc();
            } else {
              emit(page.get(), name + "#" + offset, out);
            }
          } catch (WarcArchive.BodyTooLargeException e) {
            out.get(Failures.TAG).output(Failures.record(STEP, null, name, BODY_TOO_LARGE,
                e.getMessage() + " (record at byte " + offset + " of " + name + ")", name + "#" + offset));
          } catch (Throwable e) {
            // Whatever one record does (a decoder bug, a blown stack) is that record's failure.
            Failures.containable(e);
            out.get(Failures.TAG).output(Failures.record(STEP, null, name, BAD_RECORD,
                "Unreadable " + record.get().type() + " record at byte " + offset + " of " + name + ": "
                    + Failures.describe(e), name + "#" + offset));
          }
        }
      } catch (Throwable e) {
        // The file's failure, never the run's: the other files of the input still replay.
        Failures.containable(e);
        out.get(Failures.TAG).output(Failures.record(STEP, null, name, BAD_RECORD,
            "Not readable as WARC after byte " + offset + " of " + name + "; the rest of the file was skipped: "
                + Failures.describe(e), name + "#" + offset));
      }
    }

    private static void emit(ArchivedPage page, String location, MultiOutputReceiver out) {
      FetchedPage.Builder fetched = FetchedPage.builder()
          .setUrl(page.url())
          .setFinalUrl(page.finalUrl())
          .setStatus(page.status())
          .setFetchedAt(new Instant(page.fetchedAt().toEpochMilli()))
          .setHeaders(page.headers())
          .setBody(page.body());
      if (page.isSouk()) {
        fetched.setSite(page.site()).setKind(page.kind()).setOfferHint(page.offerHint());
      } else {
        Optional<SiteAdapter> adapter = Urls.host(page.url()).flatMap(Site::forHost).flatMap(SiteAdapters::find);
        if (adapter.isEmpty()) {
          out.get(Failures.TAG).output(Failures.record(STEP, null, page.url(), UNKNOWN_SITE,
              "No Souk site adapter reads host of " + page.url() + " (record " + location + ")", location));
          return;
        }
        boolean detail = adapter.get().listingIdFromUrl(page.url()).isPresent();
        fetched.setSite(adapter.get().site().code())
            .setKind((detail ? PageKind.DETAIL : PageKind.LIST).name())
            .setOfferHint(null);
      }
      FetchedPage built = fetched.build();
      Failures.counter(built.getSite(), "warc_pages_read").inc();
      out.get(PAGES).output(built);
    }
  }
}
