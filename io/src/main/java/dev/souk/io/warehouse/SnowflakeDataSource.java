package dev.souk.io.warehouse;

import java.io.PrintWriter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.snowflake.client.jdbc.SnowflakeDriver;

/**
 * The sessions SnowflakeIO's services open, made from a {@link SnowflakeConfig}: the same
 * credentials and session settings as {@link SnowflakeWarehouse}, and the database and schema as
 * the session's defaults (SnowflakeIO names some tables unqualified).
 */
final class SnowflakeDataSource implements DataSource, Serializable {
  private static final long serialVersionUID = 1L;
  private final SnowflakeConfig config;

  SnowflakeDataSource(SnowflakeConfig config) {
    this.config = config;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = new SnowflakeDriver().connect(config.url(), config.connectionProperties());
    if (connection == null) {
      throw new SQLException("Not a Snowflake JDBC URL: " + config);
    }
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("Credentials come from the Souk config");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("Not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  @Override
  public String toString() {
    return config.toString();
  }
}
