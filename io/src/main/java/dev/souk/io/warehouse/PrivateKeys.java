package dev.souk.io.warehouse;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the private key of Snowflake key-pair authentication from its PEM text: PKCS#8, plain
 * ({@code BEGIN PRIVATE KEY}) or encrypted with a passphrase ({@code BEGIN ENCRYPTED PRIVATE KEY},
 * what {@code openssl pkcs8 -topk8 -v2 aes256} writes). Decrypted here with the JDK alone: the
 * Snowflake driver's own reader needs BouncyCastle for PBES2 keys on Java 17. Error messages never
 * quote the key or the passphrase.
 */
final class PrivateKeys {
  private static final String PLAIN = "PRIVATE KEY";
  private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";

  private PrivateKeys() {}

  static PrivateKey read(String pem, @Nullable String passphrase) {
    String kind = pem.contains("-----BEGIN " + ENCRYPTED + "-----") ? ENCRYPTED
        : pem.contains("-----BEGIN " + PLAIN + "-----") ? PLAIN : null;
    if (kind == null) {
      throw new IllegalArgumentException("The Snowflake private key must be PKCS#8 PEM (BEGIN PRIVATE KEY or BEGIN"
          + " ENCRYPTED PRIVATE KEY); convert an RSA key with `openssl pkcs8 -topk8 -v2 aes256 -in key.pem`");
    }
    byte[] der = body(pem, kind);
    try {
      if (kind.equals(PLAIN)) {
        return rsa(new PKCS8EncodedKeySpec(der));
      }
      if (passphrase == null || passphrase.isEmpty()) {
        throw new IllegalArgumentException("The Snowflake private key is encrypted: give its passphrase");
      }
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      // For PBES2 getAlgName() is only "PBES2"; the parameters name the real scheme
      // (e.g. PBEWithHmacSHA256AndAES_256), which the JDK's providers implement.
      AlgorithmParameters parameters = info.getAlgParameters();
      String algorithm = parameters.toString().startsWith("PBEWith") ? parameters.toString() : info.getAlgName();
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE,
          SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase.toCharArray())),
          parameters);
      return rsa(info.getKeySpec(cipher));
    } catch (GeneralSecurityException | java.io.IOException e) {
      // A wrong passphrase shows as bad padding or as a garbled key, depending on the bytes.
      throw new IllegalArgumentException("The Snowflake private key cannot be read"
          + (kind.equals(ENCRYPTED) ? ": wrong passphrase?" : ": not an RSA key (" + e.getClass().getSimpleName() + ")"));
    }
  }

  private static PrivateKey rsa(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePrivate(spec);
  }

  private static byte[] body(String pem, String kind) {
    int start = pem.indexOf("-----BEGIN " + kind + "-----") + ("-----BEGIN " + kind + "-----").length();
    int end = pem.indexOf("-----END " + kind + "-----", start);
    if (end < 0) {
      throw new IllegalArgumentException("The Snowflake private key has no END " + kind + " line");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(start, end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The Snowflake private key is not valid base64 PEM");
    }
  }
}
