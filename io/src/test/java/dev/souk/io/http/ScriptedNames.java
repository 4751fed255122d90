package dev.souk.io.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;

/**
 * A name service whose answers are scripted per name: the n-th lookup of a name gets its n-th
 * answer and the last answer repeats, so a test can play a rebinding server (public first,
 * loopback after). Records every lookup in order.
 */
final class ScriptedNames implements DnsResolver {
  private final Map<String, List<InetAddress[]>> answers = new HashMap<>();
  private final List<String> lookups = new ArrayList<>();

  /** Adds the next answer for {@code host}: the given IP literals, in order. */
  ScriptedNames answer(String host, String... addresses) {
    InetAddress[] answer = Arrays.stream(addresses).map(InetAddresses::forString).toArray(InetAddress[]::new);
    answers.computeIfAbsent(host, h -> new ArrayList<>()).add(answer);
    return this;
  }

  @Override
  public synchronized InetAddress[] resolve(String host) throws UnknownHostException {
    List<InetAddress[]> script = answers.get(host);
    int n = (int) lookups.stream().filter(host::equals).count();
    lookups.add(host);
    if (script == null) {
      throw new UnknownHostException(host + " is not scripted");
    }
    return script.get(Math.min(n, script.size() - 1)).clone();
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  synchronized List<String> lookups() {
    return List.copyOf(lookups);
  }
}
