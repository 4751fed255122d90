package dev.souk.pipelines.warehouse;

import static dev.souk.pipelines.warehouse.WarehouseSinks.firstLine;
import static dev.souk.pipelines.warehouse.WarehouseSinks.isGiven;
import static dev.souk.pipelines.warehouse.WarehouseSinks.readFile;

import dev.souk.io.warehouse.SnowflakeConfig;
import dev.souk.io.warehouse.SnowflakeConfig.StageLoad;
import dev.souk.pipelines.options.WarehouseOptions;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code --warehouse=snowflake}: its options and credentials, each mistake a one-line error naming what to fix. */
final class SnowflakeSinks {
  /** The Snowflake user. */
  static final String USER_ENV = "SOUK_SNOWFLAKE_USER";
  /** The password (the emulator, or accounts that still allow it), unless {@code --snowflakePasswordFile}. */
  static final String PASSWORD_ENV = "SOUK_SNOWFLAKE_PASSWORD";
  /** The PKCS#8 private key file of key-pair authentication, unless {@code --snowflakePrivateKeyFile}. */
  static final String PRIVATE_KEY_FILE_ENV = "SOUK_SNOWFLAKE_PRIVATE_KEY_FILE";
  /** The private key's passphrase, unless {@code --snowflakePrivateKeyPassphraseFile}. */
  static final String PASSPHRASE_ENV = "SOUK_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE";

  private static final String URL_EXAMPLE = "jdbc:snowflake://ACCOUNT.snowflakecomputing.com/";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)[?&](password|passcode|token|private_?key[a-z_]*|privatekey[a-z_]*)=");
  /**
   * Where SnowflakeIO can stage files that Snowflake reads through a storage integration: Google
   * Cloud Storage, the one Beam file system the jar carries (SnowflakeIO brings it); S3 or Azure
   * would need their Beam file system modules.
   */
  private static final Pattern BUCKET = Pattern.compile("gs://[^/]+/(.*/)?");

  private SnowflakeSinks() {}

  static SnowflakeSink from(WarehouseOptions options, UnaryOperator<String> env) {
    WarehouseSinks.refuseOthers(options, "snowflake", "drop it with");
    String url = options.getSnowflakeUrl();
    if (!isGiven(url)) {
      throw new IllegalArgumentException("--warehouse=snowflake needs --snowflakeUrl, e.g. --snowflakeUrl=" + URL_EXAMPLE);
    }
    url = url.strip();
    if (SECRET_PARAMETER.matcher(url).find()) {
      // The URL is not repeated: it holds the secret.
      throw new IllegalArgumentException("--snowflakeUrl must not hold a secret: give the key in " + PRIVATE_KEY_FILE_ENV
          + " or the password in " + PASSWORD_ENV);
    }
    if (!url.startsWith("jdbc:snowflake://")) {
      throw new IllegalArgumentException(
          "--snowflakeUrl must be a JDBC URL such as " + URL_EXAMPLE + ", not '" + url + "'");
    }
    if (!isGiven(options.getSnowflakeDatabase())) {
      throw new IllegalArgumentException("--warehouse=snowflake needs --snowflakeDatabase (an existing database;"
          + " Souk creates only its schema)");
    }
    String database = name("--snowflakeDatabase", options.getSnowflakeDatabase());
    String schema = name("--snowflakeSchema", options.getSnowflakeSchema());
    String warehouse = isGiven(options.getSnowflakeWarehouse())
        ? name("--snowflakeWarehouse", options.getSnowflakeWarehouse()) : null;
    String role = isGiven(options.getSnowflakeRole()) ? name("--snowflakeRole", options.getSnowflakeRole()) : null;
    StageLoad load = switch (String.valueOf(options.getSnowflakeStageLoad()).strip().toLowerCase(Locale.ROOT)) {
      case "copy" -> StageLoad.COPY;
      case "insert" -> StageLoad.INSERT;
      default -> throw new IllegalArgumentException(
          "--snowflakeStageLoad must be 'copy' or 'insert', not '" + options.getSnowflakeStageLoad() + "'");
    };

    String user = env.apply(USER_ENV);
    if (!isGiven(user)) {
      throw new IllegalArgumentException("--warehouse=snowflake needs the user in " + USER_ENV);
    }
    String keyFile = once("the Snowflake private key file", PRIVATE_KEY_FILE_ENV, env.apply(PRIVATE_KEY_FILE_ENV),
        "--snowflakePrivateKeyFile", options.getSnowflakePrivateKeyFile());
    String password = once("the Snowflake password", PASSWORD_ENV, env.apply(PASSWORD_ENV),
        "--snowflakePasswordFile", options.getSnowflakePasswordFile());
    if (isGiven(options.getSnowflakePasswordFile())) {
      password = firstLine("--snowflakePasswordFile", options.getSnowflakePasswordFile(), "password");
    }
    String passphrase = once("the private key's passphrase", PASSPHRASE_ENV, env.apply(PASSPHRASE_ENV),
        "--snowflakePrivateKeyPassphraseFile", options.getSnowflakePrivateKeyPassphraseFile());
    if (isGiven(options.getSnowflakePrivateKeyPassphraseFile())) {
      passphrase = firstLine("--snowflakePrivateKeyPassphraseFile", options.getSnowflakePrivateKeyPassphraseFile(),
          "passphrase");
    }
    if (isGiven(keyFile) && isGiven(password)) {
      throw new IllegalArgumentException("Give Snowflake one credential: a private key (" + PRIVATE_KEY_FILE_ENV
          + ") or a password (" + PASSWORD_ENV + "), not both");
    }
    if (!isGiven(keyFile) && !isGiven(password)) {
      throw new IllegalArgumentException("--warehouse=snowflake needs a private key (" + PRIVATE_KEY_FILE_ENV
          + " or --snowflakePrivateKeyFile) or a password (" + PASSWORD_ENV + " or --snowflakePasswordFile)");
    }
    if (!isGiven(keyFile) && isGiven(passphrase)) {
      throw new IllegalArgumentException("A private key passphrase was given but no private key file ("
          + PRIVATE_KEY_FILE_ENV + " or --snowflakePrivateKeyFile)");
    }
    SnowflakeConfig config;
    if (isGiven(keyFile)) {
      String source = isGiven(options.getSnowflakePrivateKeyFile()) ? "--snowflakePrivateKeyFile" : PRIVATE_KEY_FILE_ENV;
      String pem = readFile(source, keyFile.strip());
      config = SnowflakeConfig.withPrivateKey(url, database, schema, warehouse, role, user.strip(), pem,
          isGiven(passphrase) ? passphrase : null, load);
    } else {
      config = SnowflakeConfig.withPassword(url, database, schema, warehouse, role, user.strip(), password, load);
    }
    return SnowflakeSink.of(config, bucket(options, config));
  }

  /** SnowflakeIO's staging bucket, its storage integration and Snowpipe, when given. */
  private static SnowflakeSink.@Nullable Bucket bucket(WarehouseOptions options, SnowflakeConfig config) {
    String bucket = options.getSnowflakeStagingBucket();
    String integration = options.getSnowflakeStorageIntegration();
    String pipe = options.getSnowflakeSnowpipe();
    if (!isGiven(bucket)) {
      if (isGiven(integration)) {
        throw new IllegalArgumentException("--snowflakeStorageIntegration is for --snowflakeStagingBucket: add it or drop"
            + " --snowflakeStorageIntegration");
      }
      if (isGiven(pipe)) {
        throw new IllegalArgumentException("--snowflakeSnowpipe needs --snowflakeStagingBucket, where Snowpipe finds the"
            + " files");
      }
      return null;
    }
    bucket = bucket.strip();
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("--snowflakeStagingBucket must be a Google Cloud Storage path ending with /,"
          + " e.g. gs://bucket/souk/ (the jar has no S3 or Azure file system), not '" + bucket + "'");
    }
    if (!isGiven(integration)) {
      throw new IllegalArgumentException("--snowflakeStagingBucket needs --snowflakeStorageIntegration, the storage"
          + " integration through which Snowflake reads the bucket");
    }
    if (isGiven(pipe)) {
      if (!config.usesKeyPair()) {
        throw new IllegalArgumentException("--snowflakeSnowpipe needs key-pair authentication (" + PRIVATE_KEY_FILE_ENV
            + "): Snowpipe's REST API takes no password");
      }
      name("--snowflakeSnowpipe", pipe);
      // Snowpipe loads asynchronously: the lake ledger could not wait for it (docs/snowflake.md).
      throw new IllegalArgumentException("--snowflakeSnowpipe is not supported yet: a continuous crawl MERGEs each"
          + " round over JDBC; drop it (docs/snowflake.md, Snowpipe)");
    }
    return new SnowflakeSink.Bucket(bucket, name("--snowflakeStorageIntegration", integration));
  }

  /** The value given in the variable or the file option, refusing both. */
  private static @Nullable String once(String what, String variable, @Nullable String fromEnv, String option,
      @Nullable String fileOption) {
    if (isGiven(fromEnv) && isGiven(fileOption)) {
      throw new IllegalArgumentException("Give " + what + " once: " + variable + " or " + option + ", not both");
    }
    return isGiven(fileOption) && option.equals("--snowflakePrivateKeyFile") ? fileOption : fromEnv;
  }

  private static String name(String option, String value) {
    String name = value == null ? "" : value.strip();
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(option + " must be a plain name (letters, digits and _, not starting with"
          + " a digit), not '" + value + "'");
    }
    return name;
  }
}
