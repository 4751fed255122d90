package dev.souk.io.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Spaces requests to one host within this JVM: one request in flight per host, and the next one
 * starts at least {@code gap} after the previous one <em>finished</em>. Spacing starts alone is
 * not enough: a request that waits on a new connection arrives late, the next one on a warm
 * connection arrives early, and the server sees two hits closer than the gap.
 */
final class HostThrottle {
  private static final class Slot {
    final Semaphore inFlight = new Semaphore(1, true);
    volatile long nextNanos = Long.MIN_VALUE;
  }

  /** Held while a request to the host is in flight; closing it starts the host's gap. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  /** Blocks until a request to {@code host} may start; close the permit when it has finished. */
  Permit acquire(String host, Duration gap) throws InterruptedException {
    Slot slot = slots.computeIfAbsent(host, h -> new Slot());
    slot.inFlight.acquire();
    try {
      long wait = slot.nextNanos == Long.MIN_VALUE ? 0 : slot.nextNanos - System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, wait));
    } catch (InterruptedException e) {
      slot.inFlight.release();
      throw e;
    }
    return () -> {
      synchronized (slot) {
        slot.nextNanos = Math.max(slot.nextNanos, System.nanoTime() + gap.toNanos());
      }
      slot.inFlight.release();
    };
  }

  /** Holds every thread off {@code host} for {@code pause} from now (back-off, Retry-After). */
  void pause(String host, Duration pause) {
    Slot slot = slots.computeIfAbsent(host, h -> new Slot());
    synchronized (slot) {
      long until = System.nanoTime() + pause.toNanos();
      slot.nextNanos = slot.nextNanos == Long.MIN_VALUE ? until : Math.max(slot.nextNanos, until);
    }
  }
}
