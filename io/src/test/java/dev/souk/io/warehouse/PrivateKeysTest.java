package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Key-pair authentication's private key, as `openssl pkcs8 -topk8 [-v2 aes256]` writes it: one
 * throwaway test key, plain and encrypted (src/test/resources/snowflake/README.md).
 */
class PrivateKeysTest {
  static final String PASSPHRASE = "souk-test-passphrase";

  static String plainPem() {
    return resource("snowflake/test-key-plain.p8");
  }

  static String encryptedPem() {
    return resource("snowflake/test-key-encrypted.p8");
  }

  private static String resource(String name) {
    try (InputStream in = PrivateKeysTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void readsAPlainAndAnEncryptedPkcs8KeyAsTheSameKey() {
    assertThat(PrivateKeys.read(encryptedPem(), PASSPHRASE), equalTo(PrivateKeys.read(plainPem(), null)));
    assertThat(PrivateKeys.read(plainPem(), null).getAlgorithm(), equalTo("RSA"));
  }

  @Test
  void aWrongOrMissingPassphraseOrAnRsaKeyIsOneLineWithoutTheSecret() {
    String wrong = assertThrows(IllegalArgumentException.class,
        () -> PrivateKeys.read(encryptedPem(), "guess")).getMessage();
    assertThat(wrong, equalTo("The Snowflake private key cannot be read: wrong passphrase?"));
    assertThat(wrong, not(containsString("guess")));
    assertThat(assertThrows(IllegalArgumentException.class, () -> PrivateKeys.read(encryptedPem(), null)).getMessage(),
        equalTo("The Snowflake private key is encrypted: give its passphrase"));
    assertThat(assertThrows(IllegalArgumentException.class,
            () -> PrivateKeys.read("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", null))
            .getMessage(),
        containsString("must be PKCS#8 PEM"));
  }
}
