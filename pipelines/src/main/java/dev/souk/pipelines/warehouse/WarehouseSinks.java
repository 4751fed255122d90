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
        refuseOthers(options, "duckdb", "add it or drop");
        boolean given = isGiven(options.getDuckdbPath());
        Path file = given ? Path.of(options.getDuckdbPath()) : outputDir.resolve("souk.duckdb");
        yield DuckDbSink.at(OptionPaths.fileToWrite(given ? "--duckdbPath" : "--outputDir", file, "souk.duckdb"));
      }
      case "postgres", "postgresql" -> postgres(options, env);
      case "snowflake" -> SnowflakeSinks.from(options, env);
      default -> throw new IllegalArgumentException("--warehouse must be 'duckdb' (the embedded warehouse), 'postgres'"
          + " or 'snowflake', not '" + options.getWarehouse() + "'");
    };
  }

  /**
   * Refuses the options of every warehouse but {@code chosen}: "--X is for --warehouse=Y: {@code
   * advice} --X" (with the embedded default, "add it or drop"; otherwise "drop it with").
   */
  static void refuseOthers(WarehouseOptions options, String chosen, String advice) {
    String[][] owned = {
        {"duckdb", "--duckdbPath", options.getDuckdbPath()},
        {"postgres", "--postgresUrl", options.getPostgresUrl()},
        {"postgres", "--postgresPasswordFile", options.getPostgresPasswordFile()},
        {"snowflake", "--snowflakeUrl", options.getSnowflakeUrl()},
        {"snowflake", "--snowflakeDatabase", options.getSnowflakeDatabase()},
        {"snowflake", "--snowflakeWarehouse", options.getSnowflakeWarehouse()},
        {"snowflake", "--snowflakeRole", options.getSnowflakeRole()},
        {"snowflake", "--snowflakePrivateKeyFile", options.getSnowflakePrivateKeyFile()},
        {"snowflake", "--snowflakePrivateKeyPassphraseFile", options.getSnowflakePrivateKeyPassphraseFile()},
        {"snowflake", "--snowflakePasswordFile", options.getSnowflakePasswordFile()},
        {"snowflake", "--snowflakeStagingBucket", options.getSnowflakeStagingBucket()},
        {"snowflake", "--snowflakeStorageIntegration", options.getSnowflakeStorageIntegration()},
        {"snowflake", "--snowflakeSnowpipe", options.getSnowflakeSnowpipe()}};
    for (String[] option : owned) {
      if (!option[0].equals(chosen) && isGiven(option[2])) {
        throw new IllegalArgumentException(option[1] + " is for --warehouse=" + option[0] + ": "
            + (advice.startsWith("add") ? advice + " " + option[1] : advice + " --warehouse=" + chosen));
      }
    }
  }

  private static PostgresSink postgres(WarehouseOptions options, UnaryOperator<String> env) {
    refuseOthers(options, "postgres", "drop it with");
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
    return firstLine("--postgresPasswordFile", option, "password");
  }

  /** The first line of the file {@code --name=path}, which holds {@code what}. */
  static String firstLine(String name, String path, String what) {
    String line = readFile(name, path).lines().findFirst().orElse("");
    if (line.isEmpty()) {
      throw new IllegalArgumentException(name + "=" + path + " is empty; its first line is the " + what);
    }
    return line;
  }

  /** The whole file {@code --name=path} (or the variable {@code name}'s path). */
  static String readFile(String name, String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(name + "=" + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  static boolean isGiven(String value) {
    return value != null && !value.isBlank();
  }
}
