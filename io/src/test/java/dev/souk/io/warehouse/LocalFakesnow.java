package dev.souk.io.warehouse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import net.snowflake.client.jdbc.SnowflakeDriver;

/**
 * A throwaway Snowflake emulator for tests: the {@code fakesnow} server (PyPI, pinned in
 * {@code io/src/test/resources/fakesnow-requirements.txt}) as a separate process on 127.0.0.1 at a
 * free port, its databases in memory, spoken to with the unmodified Snowflake JDBC driver over
 * plain HTTP ({@code ssl=off}). It accepts any user and password, and ignores key-pair JWTs.
 * {@link #close()} stops it; a JVM shutdown hook does the same if a test never gets there.
 *
 * <p>fakesnow comes from the virtualenv {@code $SOUK_FAKESNOW_VENV} (default {@code
 * ~/.cache/souk/fakesnow-venv}; {@code .ci/run} creates it). Without it {@link #start()} fails
 * (it does not skip) and says how to install it.
 */
public final class LocalFakesnow implements AutoCloseable {
  public static final String USER = "souk";
  public static final String PASSWORD = "emulator-password";
  public static final String REQUIREMENTS = "io/src/test/resources/fakesnow-requirements.txt";

  private final Process process;
  private final Path log;
  private final int port;
  private final Thread shutdownHook;

  private LocalFakesnow(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.shutdownHook = new Thread(this::stop, "stop-local-fakesnow");
  }

  /** Starts a server and waits until it accepts connections; fails with what to install when there is no venv. */
  public static LocalFakesnow start() {
    Path fakesnow = executable();
    try {
      int port = freePort();
      Path log = Files.createTempFile("souk-fakesnow", ".log");
      Process process = new ProcessBuilder(fakesnow.toString(), "--server", "--host", "127.0.0.1", "--port",
          String.valueOf(port))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      process.getOutputStream().close();
      LocalFakesnow server = new LocalFakesnow(process, log, port);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      try {
        server.awaitListening();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the fakesnow server: " + e, e);
    }
  }

  /** {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off&account=fakesnow}: few retries, so a failure shows at once. */
  public String jdbcUrl() {
    return "jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off&account=fakesnow&maxHttpRetries=1";
  }

  public int port() {
    return port;
  }

  /** Creates a database (an administrator's job on Snowflake; Souk creates only its schema). */
  public void createDatabase(String name) {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", PASSWORD);
    properties.setProperty("disablePlatformDetection", "true");
    try (Connection connection = new SnowflakeDriver().connect(jdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
    }
  }

  /** A config for {@code database.schema} with the emulator's password, loading batches as {@code load}. */
  public SnowflakeConfig config(String database, String schema, SnowflakeConfig.StageLoad load) {
    return SnowflakeConfig.withPassword(jdbcUrl(), database, schema, null, null, USER, PASSWORD, load);
  }

  /** The server's output so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run.
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // A temporary file.
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("fakesnow exited with status " + process.exitValue() + ":\n" + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for fakesnow", e);
        }
      }
    }
    throw new IllegalStateException("fakesnow did not listen on 127.0.0.1:" + port + " within 60 s:\n" + log());
  }

  /** $SOUK_FAKESNOW_VENV/bin/fakesnow, else ~/.cache/souk/fakesnow-venv/bin/fakesnow. */
  static Path executable() {
    return executable(System.getenv("SOUK_FAKESNOW_VENV"), Path.of(System.getProperty("user.home")));
  }

  static Path executable(String configured, Path home) {
    Path venv = configured != null && !configured.isBlank()
        ? Path.of(configured) : home.resolve(".cache/souk/fakesnow-venv");
    Path fakesnow = venv.resolve("bin/fakesnow");
    if (!Files.isExecutable(fakesnow)) {
      throw new AssertionError("The Snowflake tests need the fakesnow emulator and found none at " + fakesnow
          + ". Install it (what .ci/run does): python3 -m venv " + venv + " && " + venv
          + "/bin/pip install -r " + REQUIREMENTS + " (or point SOUK_FAKESNOW_VENV at such a venv).");
    }
    return fakesnow;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
