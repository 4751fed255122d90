package dev.souk.pipelines.sources;

import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.RawListing;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a {@link ListingSource} gives the graph.
 *
 * @param pages the pages it fetched or replayed, for progress and the summary; null if it reads no pages
 * @param newPages whether {@code pages} are new to the lake (a crawl) and go to bronze, or are
 *     there already (a replay)
 * @param raw the raw listings read from the pages or records
 * @param failures every page or record it could not turn into a raw listing
 */
public record Acquired(
    @Nullable PCollection<FetchedPage> pages, boolean newPages,
    PCollection<RawListing> raw, PCollection<FailureRecord> failures) {}
