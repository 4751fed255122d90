package dev.souk.pipelines.warehouse;

import dev.souk.pipelines.options.OptionPaths;
import dev.souk.pipelines.options.WarehouseOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** The warehouses Souk can write to, chosen by {@code --warehouse}; each one's options are checked here. */
public final class WarehouseSinks {
  private WarehouseSinks() {}

  /** The PostgreSQL user. */
  public static final String POSTGRES_USER_ENV = "SOUK_POSTGRES_USER";

  /** The PostgreSQL password, unless {@code --postgresPasswordFile} names a file holding it. */
  public static final String POSTGRES_PASSWORD_ENV = "SOUK_POSTGRES_PASSWORD";

  private static final String URL_EXAMPLE = "jdbc:postgresql://127.0.0.1:5432/souk";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** URL parameters that would put a secret on the command line (password, sslpassword). */
  private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)[?&][a-z]*password=");

  /** The sink {@code options} name; embedded files default to {@code outputDir}. */
  public static WarehouseSink from(WarehouseOptions options, Path outputDir) {
    return from(options, outputDir, System::getenv);
  }

  /** As {@link #from(WarehouseOptions, Path)}, reading environment variables from {@code env}. */
  public static WarehouseSink from(WarehouseOptions options, Path outputDir, UnaryOperator<String> env) {
    String kind = options.getWarehouse() == null ? "" : options.getWarehouse().trim().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "duckdb" -> {
        for (String[] option : new String[][] {
            {"--postgresUrl", options.getPostgresUrl()}, {"--postgresPasswordFile", options.getPostgresPasswordFile()}}) {
          if (isGiven(option[1])) {
            throw new IllegalArgumentException(option[0] + " is for --warehouse=postgres: add it or drop " + option[0]);
          }
        }
        boolean given = isGiven(options.getDuckdbPath());
        Path file = given ? Path.of(options.getDuckdbPath()) : outputDir.resolve("souk.duckdb");
        yield DuckDbSink.at(OptionPaths.fileToWrite(given ? "--duckdbPath" : "--outputDir", file, "souk.duckdb"));
      }
      case "postgres", "postgresql" -> postgres(options, env);
      default -> throw new IllegalArgumentException(
          "--warehouse must be 'duckdb' (the embedded warehouse) or 'postgres', not '" + options.getWarehouse() + "'");
    };
  }

  private static PostgresSink postgres(WarehouseOptions options, UnaryOperator<String> env) {
    if (isGiven(options.getDuckdbPath())) {
      throw new IllegalArgumentException("--duckdbPath is for --warehouse=duckdb: drop it with --warehouse=postgres");
    }
    String url = options.getPostgresUrl();
    if (!isGiven(url)) {
      throw new IllegalArgumentException("--warehouse=postgres needs --postgresUrl, e.g. --postgresUrl=" + URL_EXAMPLE);
    }
    url = url.strip();
    if (SECRET_PARAMETER.matcher(url).find()) {
      // The URL is not repeated: it holds the secret.
      throw new IllegalArgumentException("--postgresUrl must not hold a password: give it in "
          + POSTGRES_PASSWORD_ENV + " or a file named by --postgresPasswordFile");
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--postgresUrl must be a JDBC URL such as " + URL_EXAMPLE + ", not '" + url + "'");
    }
    String schema = options.getPostgresSchema() == null ? "" : options.getPostgresSchema().strip();
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("--postgresSchema must be a plain name (letters, digits and _, not"
          + " starting with a digit), not '" + options.getPostgresSchema() + "'");
    }
    String user = env.apply(POSTGRES_USER_ENV);
    String password = env.apply(POSTGRES_PASSWORD_ENV);
    if (isGiven(options.getPostgresPasswordFile())) {
      if (isGiven(password)) {
        throw new IllegalArgumentException("Give the PostgreSQL password once: " + POSTGRES_PASSWORD_ENV
            + " or --postgresPasswordFile, not both");
      }
      password = readPassword(options.getPostgresPasswordFile());
    }
    return PostgresSink.of(url, schema, isGiven(user) ? user.strip() : null, isGiven(password) ? password : null);
  }

  /** The first line of the file, without its line break. */
  private static String readPassword(String option) {
    Path file = Path.of(option);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--postgresPasswordFile=" + option + " cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    String line = text.lines().findFirst().orElse("");
    if (line.isEmpty()) {
      throw new IllegalArgumentException("--postgresPasswordFile=" + option + " is empty; its first line is the password");
    }
    return line;
  }

  private static boolean isGiven(String value) {
    return value != null && !value.isBlank();
  }
}
