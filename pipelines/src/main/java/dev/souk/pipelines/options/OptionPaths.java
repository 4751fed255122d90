package dev.souk.pipelines.options;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Checks of the options that name files and folders, made while the options are resolved so that a
 * path that cannot work fails before the job writes anything. Each check reads the file system and
 * changes nothing; a folder that is missing but can be created is fine.
 */
public final class OptionPaths {
  private OptionPaths() {}

  /** {@code folder} is, or can be created as, a writable folder. */
  public static Path folderToWrite(String option, Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(option + "=" + folder + " names a file; give a folder (created if missing)");
    }
    creatable(option, folder, absolute);
    return absolute;
  }

  /** {@code file} is not a folder, and its folder is, or can be created as, a writable folder. */
  public static Path fileToWrite(String option, Path file, String example) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(option + "=" + file + " names a folder; give a file such as "
          + absolute.resolve(example));
    }
    if (absolute.getParent() != null) {
      creatable(option, file, absolute.getParent());
    }
    return absolute;
  }

  /** As {@link #folderToWrite} for a local location (a plain path or a file: URI); others are left to their file system. */
  public static void folderToWriteIfLocal(String option, String location) {
    Path local = localPath(option, location);
    if (local != null) {
      folderToWrite(option, local);
    }
  }

  /**
   * At least one file matches {@code pattern} (a glob, on any file system Beam knows). Checked up
   * front because a read that matches nothing fails only once the job runs, after the lake is touched.
   */
  public static void filesMatch(String option, String pattern) {
    MatchResult match;
    try {
      match = FileSystems.match(pattern);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(option + "='" + pattern + "' cannot be listed: " + firstLine(e), e);
    }
    boolean none;
    try {
      none = match.status() != MatchResult.Status.OK || match.metadata().isEmpty();
    } catch (IOException e) {
      none = true;
    }
    if (none) {
      throw new IllegalArgumentException(option + "='" + pattern + "' matches no file");
    }
  }

  /** The nearest existing folder above {@code absolute} is a folder we may write in. */
  private static void creatable(String option, Path given, Path absolute) {
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(option + "=" + given + " cannot be created: " + existing + " is a file");
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException(option + "=" + given + " cannot be created: " + existing + " is not writable");
    }
  }

  private static @Nullable Path localPath(String option, String location) {
    try {
      if (location.startsWith("file:")) {
        return Path.of(URI.create(location));
      }
      // A scheme other than a one-letter drive (C:\) names another file system: its own client checks it.
      int colon = location.indexOf(':');
      if (colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        return null;
      }
      return Path.of(location);
    } catch (IllegalArgumentException e) { // also InvalidPathException
      throw new IllegalArgumentException(option + "=" + location + " is not a usable path: " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
  }
}
