package dev.souk.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per range edge: the first and last address of each special range, and neighbours outside. */
class SpecialAddressesTest {
  @ParameterizedTest(name = "{0} public={1}")
  @CsvSource({
      "0.0.0.0, false", "0.255.255.255, false", "1.0.0.0, true",
      "10.0.0.1, false", "10.255.255.255, false", "11.0.0.0, true",
      "100.63.255.255, true", "100.64.0.0, false", "100.127.255.255, false", "100.128.0.0, true",
      "127.0.0.1, false", "127.255.255.254, false",
      "169.254.169.254, false", "169.255.0.0, true",
      "172.15.255.255, true", "172.16.0.0, false", "172.31.255.255, false", "172.32.0.0, true",
      "192.0.0.8, false", "192.0.1.1, true", "192.0.2.1, false", "192.88.99.1, false", "192.88.100.1, true",
      "192.168.1.1, false", "192.169.0.0, true",
      "198.17.255.255, true", "198.18.0.0, false", "198.19.255.255, false", "198.20.0.0, true",
      "198.51.100.7, false", "203.0.113.9, false", "203.0.114.0, true",
      "224.0.0.1, false", "239.255.255.255, false", "240.0.0.1, false", "255.255.255.255, false",
      "8.8.8.8, true", "41.214.130.1, true",
      "::, false", "::1, false", "::2, true",
      "::ffff:10.0.0.1, false", "::ffff:127.0.0.1, false", "::ffff:8.8.8.8, true",
      "64:ff9b::808:808, false", "100::1, false", "100:0:0:1::1, true",
      "2001::1, false", "2001:1ff:ffff::1, false", "2001:200::1, true",
      "2001:db8::1, false", "fc00::1, false", "fdff:ffff::1, false", "fe80::1, false", "febf::1, false",
      "ff02::1, false",
      "2002:0a00:0001::1, false", "2002:7f00:0001::1, false", "2002:0808:0808::1, true",
      "2a00:1450:4007:80e::200e, true", "2606:4700::1111, true"
  })
  void classifiesAddresses(String address, boolean expectedPublic) throws Exception {
    assertEquals(expectedPublic, SpecialAddresses.isPublic(InetAddress.getByName(address)), address);
  }
}
