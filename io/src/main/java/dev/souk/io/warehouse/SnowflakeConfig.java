package dev.souk.io.warehouse;

import java.io.Serializable;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where and as whom to reach Snowflake: the JDBC URL (account host, driver parameters; never a
 * secret), database, schema, virtual warehouse, role, user, and either a password or a PKCS#8
 * private key (key-pair authentication). Serializable because workers open their own sessions;
 * {@link #toString()} never shows the password, the key or its passphrase.
 */
public final class SnowflakeConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Driver parameters that would carry a secret in the URL. */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)[?&](password|passcode|token|private_?key[a-z_]*|privatekey[a-z_]*)=");

  /** How a batch reaches the stage table before the MERGE. */
  public enum StageLoad {
    /** A gzip CSV file, {@code PUT} to the stage table's own stage, then {@code COPY INTO}: Snowflake's bulk path. */
    COPY,
    /** Bound {@code INSERT} batches (the driver sends them as array bindings, staging large ones itself). */
    INSERT
  }

  private final String url;
  private final String database;
  private final String schema;
  private final @Nullable String warehouse;
  private final @Nullable String role;
  private final String user;
  private final @Nullable String password;
  private final @Nullable String privateKeyPem;
  private final @Nullable String privateKeyPassphrase;
  private final StageLoad stageLoad;

  private SnowflakeConfig(String url, String database, String schema, @Nullable String warehouse,
      @Nullable String role, String user, @Nullable String password, @Nullable String privateKeyPem,
      @Nullable String privateKeyPassphrase, StageLoad stageLoad) {
    this.url = url;
    this.database = database;
    this.schema = schema;
    this.warehouse = warehouse;
    this.role = role;
    this.user = user;
    this.password = password;
    this.privateKeyPem = privateKeyPem;
    this.privateKeyPassphrase = privateKeyPassphrase;
    this.stageLoad = stageLoad;
  }

  /** Password authentication (what the emulator takes; Snowflake is retiring it for service users). */
  public static SnowflakeConfig withPassword(String url, String database, String schema, @Nullable String warehouse,
      @Nullable String role, String user, String password, StageLoad stageLoad) {
    return checked(new SnowflakeConfig(url, database, schema, warehouse, role, user, password, null, null, stageLoad));
  }

  /** Key-pair authentication: {@code privateKeyPem} is the PKCS#8 PEM text, encrypted if a passphrase is given. */
  public static SnowflakeConfig withPrivateKey(String url, String database, String schema, @Nullable String warehouse,
      @Nullable String role, String user, String privateKeyPem, @Nullable String passphrase, StageLoad stageLoad) {
    SnowflakeConfig config = checked(
        new SnowflakeConfig(url, database, schema, warehouse, role, user, null, privateKeyPem, passphrase, stageLoad));
    PrivateKeys.read(privateKeyPem, passphrase); // Fails now, on the launcher, rather than on every worker.
    return config;
  }

  private static SnowflakeConfig checked(SnowflakeConfig config) {
    if (config.url == null || !config.url.startsWith("jdbc:snowflake://")) {
      throw new IllegalArgumentException("A Snowflake JDBC URL starts with jdbc:snowflake://, not '"
          + (config.url == null ? null : WarehouseConfig.withoutParameters(config.url)) + "'");
    }
    if (SECRET_PARAMETER.matcher(config.url).find()) {
      throw new IllegalArgumentException("The Snowflake URL must not hold a secret");
    }
    for (String name : new String[] {config.database, config.schema, config.warehouse, config.role}) {
      if (name != null) {
        SnowflakeStatements.name(name);
      }
    }
    if (config.user == null || config.user.isBlank()) {
      throw new IllegalArgumentException("Snowflake needs a user");
    }
    return config;
  }

  public String url() {
    return url;
  }

  /** Upper case, as Snowflake folds the unquoted name. */
  public String database() {
    return database.toUpperCase(Locale.ROOT);
  }

  public String schema() {
    return schema.toUpperCase(Locale.ROOT);
  }

  public @Nullable String warehouse() {
    return warehouse == null ? null : warehouse.toUpperCase(Locale.ROOT);
  }

  public @Nullable String role() {
    return role == null ? null : role.toUpperCase(Locale.ROOT);
  }

  public String user() {
    return user;
  }

  public StageLoad stageLoad() {
    return stageLoad;
  }

  public boolean usesKeyPair() {
    return privateKeyPem != null;
  }

  /** {@code DATABASE.SCHEMA.TABLE}. */
  String qualified(String table) {
    return database() + "." + schema() + "." + SnowflakeStatements.name(table);
  }

  /**
   * The driver's connection properties: the credentials, the session's database, schema, warehouse
   * and role, the UTC time zone (so casts to DATE and displays are in UTC, as in DuckDB and
   * PostgreSQL), and no cloud platform detection (the driver would otherwise probe cloud metadata
   * addresses from every worker).
   */
  Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (privateKeyPem != null) {
      properties.put("privateKey", PrivateKeys.read(privateKeyPem, privateKeyPassphrase));
    } else if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("db", database());
    properties.setProperty("schema", schema());
    if (warehouse != null) {
      properties.setProperty("warehouse", warehouse());
    }
    if (role != null) {
      properties.setProperty("role", role());
    }
    properties.setProperty("TIMEZONE", "UTC");
    properties.setProperty("disablePlatformDetection", "true");
    return properties;
  }

  /** Where, which schema, as whom and how: never the password, key or passphrase. */
  @Override
  public String toString() {
    return "Snowflake " + WarehouseConfig.withoutParameters(url) + " " + database() + "." + schema()
        + (warehouse == null ? "" : " warehouse " + warehouse())
        + (role == null ? "" : " role " + role())
        + " as " + user + (usesKeyPair() ? " (key pair)" : "");
  }
}
