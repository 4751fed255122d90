package dev.souk.io.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The IANA special-purpose address ranges (RFC 6890 and successors) a crawler must never connect
 * to: this network, private, shared (CGNAT), loopback, link-local, documentation, benchmarking,
 * multicast, reserved and broadcast; on IPv6 also unspecified, loopback, NAT64, discard, the IETF
 * protocol block (Teredo included), documentation, unique-local, link-local and multicast. An
 * IPv4-mapped or 6to4 address is judged by the IPv4 address inside it.
 */
final class SpecialAddresses {
  /** A prefix: the first {@code bits} bits of {@code network}. */
  private record Cidr(byte[] network, int bits) {
    static Cidr of(String cidr) {
      String[] parts = cidr.split("/");
      return new Cidr(InetAddresses.forString(parts[0]).getAddress(), Integer.parseInt(parts[1]));
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final List<Cidr> V4 = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
      "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
      "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32")
      .stream().map(Cidr::of).toList();

  private static final List<Cidr> V6 = List.of("::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001::/23",
      "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8")
      .stream().map(Cidr::of).toList();

  private static final Cidr MAPPED = Cidr.of("::ffff:0:0/96");
  private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");

  private SpecialAddresses() {}

  /** Whether {@code address} is a public unicast address, outside every special-purpose range. */
  static boolean isPublic(InetAddress address) {
    return isPublic(address.getAddress());
  }

  private static boolean isPublic(byte[] b) {
    if (b.length == 4) {
      return V4.stream().noneMatch(c -> c.contains(b));
    }
    if (MAPPED.contains(b)) {
      return isPublic(Arrays.copyOfRange(b, 12, 16));
    }
    if (SIX_TO_FOUR.contains(b)) {
      return isPublic(Arrays.copyOfRange(b, 2, 6));
    }
    return V6.stream().noneMatch(c -> c.contains(b));
  }
}
