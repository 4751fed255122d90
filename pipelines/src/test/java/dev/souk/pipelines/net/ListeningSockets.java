package dev.souk.pipelines.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets this JVM is listening on, read from Linux's {@code /proc}: the socket inodes
 * among {@code /proc/self/fd} matched against {@code /proc/net/tcp} and {@code tcp6} rows in state
 * LISTEN. Sees every server socket whoever opened it (Flink, Spark, Jetty, the JDK's HttpServer),
 * which no runner API reports.
 */
public final class ListeningSockets {
  /** One listening socket: its local address and port. */
  public record Listener(InetAddress address, int port) {
    public boolean loopback() {
      return address.isLoopbackAddress();
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** Whether this platform exposes what {@link #ofThisProcess()} reads. */
  public static boolean supported() {
    return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /** The sockets this process listens on now. */
  public static List<Listener> ofThisProcess() throws IOException {
    Set<String> inodes = socketInodes(Path.of("/proc/self/fd"));
    List<Listener> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (Files.isReadable(file)) {
        out.addAll(listeners(Files.readAllLines(file), inodes));
      }
    }
    return out;
  }

  private static Set<String> socketInodes(Path fdDir) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed between listing and reading
        }
        Matcher m = SOCKET_LINK.matcher(target);
        if (m.matches()) {
          inodes.add(m.group(1));
        }
      }
    }
    return inodes;
  }

  /**
   * The LISTEN rows of a {@code /proc/net/tcp[6]} table whose inode is in {@code inodes}. Row:
   * {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...}.
   */
  static List<Listener> listeners(List<String> tableLines, Set<String> inodes) throws UnknownHostException {
    List<Listener> out = new ArrayList<>();
    for (String line : tableLines.subList(Math.min(1, tableLines.size()), tableLines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(LISTEN) || !inodes.contains(f[9])) {
        continue;
      }
      String[] hostPort = f[1].split(":");
      out.add(new Listener(address(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
    }
    return out;
  }

  /** The kernel prints each 32-bit word of the address in host byte order (little endian here). */
  static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int from = (word * 4 + b) * 2;
        bytes[word * 4 + 3 - b] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
