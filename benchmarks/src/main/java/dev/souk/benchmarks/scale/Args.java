package dev.souk.benchmarks.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} options and bare positional arguments (under the key {@code ""}, space-joined). */
final class Args {
  private Args() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        out.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
      } else {
        positional.add(a);
      }
    }
    if (!positional.isEmpty()) {
      out.put("", String.join(" ", positional));
    }
    return out;
  }

  static String required(Map<String, String> options, String name) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
