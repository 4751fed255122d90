package dev.souk.pipelines.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The observer sees real sockets and tells loopback from all-interfaces binds. */
class ListeningSocketsTest {
  @Test
  void reportsASocketOnAllInterfacesAsNotLoopback() throws Exception {
    assertTrue(ListeningSockets.supported(), "the observer needs Linux /proc");
    try (ServerSocket wildcard = new ServerSocket()) {
      wildcard.bind(new InetSocketAddress((InetAddress) null, 0));
      List<ListeningSockets.Listener> listeners = ListeningSockets.ofThisProcess();
      ListeningSockets.Listener mine = listeners.stream()
          .filter(l -> l.port() == wildcard.getLocalPort()).findFirst().orElseThrow();
      assertThat(mine.loopback(), equalTo(false));
      assertThat(mine.address().isAnyLocalAddress(), equalTo(true));
    }
  }

  @Test
  void reportsALoopbackSocketAsLoopbackAndForgetsItOnceClosed() throws Exception {
    int port;
    try (ServerSocket local = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = local.getLocalPort();
      assertThat(ListeningSockets.ofThisProcess(),
          hasItem(new ListeningSockets.Listener(InetAddress.getLoopbackAddress(), port)));
    }
    assertThat(ListeningSockets.ofThisProcess().stream().map(ListeningSockets.Listener::port).toList(),
        not(hasItem(port)));
  }

  @Test
  void decodesTheKernelsAddressNotation() throws Exception {
    assertThat(ListeningSockets.address("0100007F"), equalTo(InetAddress.getByName("127.0.0.1")));
    assertThat(ListeningSockets.address("00000000000000000000000001000000"), equalTo(InetAddress.getByName("::1")));
    List<String> table = List.of("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1",
        "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 9999 1",
        "   2: 0100007F:1F91 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4243 1");
    assertThat(ListeningSockets.listeners(table, java.util.Set.of("4242", "4243")),
        equalTo(List.of(new ListeningSockets.Listener(InetAddress.getByName("127.0.0.1"), 8080))));
  }
}
