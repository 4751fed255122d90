package dev.souk.io.warehouse;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.Driver;

/**
 * A throwaway PostgreSQL server for tests: the machine's own binaries ({@code initdb}, {@code
 * pg_ctl}; Debian's {@code postgresql} package), a fresh cluster in a temporary folder, listening
 * only on 127.0.0.1 at a free port (and a Unix socket in that folder), trust authentication for
 * user {@code souk}, fsync off. {@link #close()} stops it and deletes the folder; a JVM shutdown
 * hook does the same if a test never gets there.
 *
 * <p>PostgreSQL refuses to run as root: as root, the server runs as the {@code postgres} user the
 * package creates ({@code runuser}). When the binaries are missing, {@link #start()} fails (it does
 * not skip) and says how to install them.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "souk";
  private static final String SERVICE_USER = "postgres";

  private final Path bin;
  private final Path folder;
  private final int port;
  private final boolean asServiceUser;
  private final Thread shutdownHook;
  private boolean stopped;

  private LocalPostgres(Path bin, Path folder, int port, boolean asServiceUser) {
    this.bin = bin;
    this.folder = folder;
    this.port = port;
    this.asServiceUser = asServiceUser;
    this.shutdownHook = new Thread(this::stopQuietly, "stop-local-postgres");
  }

  /** Initialises and starts a server; fails with what to install when there are no binaries. */
  public static LocalPostgres start() {
    Path bin = findBinaries();
    boolean root = isRoot();
    try {
      Path folder = Files.createTempDirectory("souk-pg");
      if (root) {
        run(List.of("chown", SERVICE_USER + ":", folder.toString()), "hand the folder to " + SERVICE_USER);
      }
      LocalPostgres server = new LocalPostgres(bin, folder, freePort(), root);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      try {
        server.initAndStart();
      } catch (RuntimeException e) {
        server.stopQuietly();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("Could not prepare a local PostgreSQL server: " + e, e);
    }
  }

  private void initAndStart() {
    Path data = folder.resolve("data");
    postgresCommand("initdb", List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
        "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
    postgresCommand("pg_ctl start", List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
        "-l", folder.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-h 127.0.0.1 -p " + port + " -k " + folder + " -F -c max_connections=50", "start"));
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** Creates a database (owned by {@link #USER}) and returns its JDBC URL. */
  public String createDatabase(String name) {
    try (Connection connection = connect(jdbcUrl("postgres"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
      return jdbcUrl(name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
    }
  }

  /** A connection as {@link #USER}. */
  public static Connection connect(String jdbcUrl) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    return new Driver().connect(jdbcUrl, properties);
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run.
    }
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    Path data = folder.resolve("data");
    if (Files.exists(data.resolve("postmaster.pid"))) {
      try {
        postgresCommand("pg_ctl stop", List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
            "-m", "immediate", "-w", "stop"));
      } catch (RuntimeException e) {
        System.err.println("LocalPostgres: " + e.getMessage());
      }
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      System.err.println("LocalPostgres: could not delete " + folder + ": " + e);
    }
  }

  /** Runs a server command, as the {@code postgres} user when this JVM is root. */
  private void postgresCommand(String what, List<String> command) {
    List<String> full = new ArrayList<>();
    if (asServiceUser) {
      full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
    }
    full.addAll(command);
    try {
      run(full, what);
    } catch (IllegalStateException e) {
      String log = "";
      try {
        Path serverLog = folder.resolve("server.log");
        if (Files.exists(serverLog)) {
          log = "\nserver.log:\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
        }
      } catch (IOException ignored) {
        // The command's own output says enough.
      }
      throw new IllegalStateException(e.getMessage() + log, e);
    }
  }

  private static void run(List<String> command, String what) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out: " + what + " (" + String.join(" ", command) + ")");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Could not " + what + " (exit " + process.exitValue() + "): "
            + String.join(" ", command) + "\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted: " + what, e);
    }
  }

  /** $SOUK_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else a folder on the PATH. */
  static Path findBinaries() {
    return findBinaries(System.getenv("SOUK_PG_BIN"), Path.of("/usr/lib/postgresql"),
        System.getenv().getOrDefault("PATH", ""));
  }

  static Path findBinaries(String configured, Path debian, String searchPath) {
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions.filter(v -> v.getFileName().toString().matches("\\d+"))
            .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
            .forEach(v -> candidates.add(v.resolve("bin")));
      } catch (IOException ignored) {
        // Fall through to the PATH.
      }
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir));
      }
    }
    for (Path dir : candidates) {
      if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
        return dir;
      }
    }
    throw new AssertionError("These tests need a PostgreSQL server's binaries (initdb, pg_ctl) and"
        + " found none in $SOUK_PG_BIN, /usr/lib/postgresql/*/bin or the PATH. Install them:"
        + " `sudo apt-get install -y postgresql` (Debian/Ubuntu; .ci/run does it), or point"
        + " SOUK_PG_BIN at the folder holding initdb and pg_ctl.");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
