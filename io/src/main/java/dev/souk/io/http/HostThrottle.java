package dev.souk.io.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Spaces requests to one host within this JVM. Each caller reserves the next free slot under a
 * per-host lock and sleeps outside it, so concurrent threads queue up instead of bursting. A
 * finished request pushes the next slot to at least {@code gap} after its end, so a slow request
 * (or a new connection's set-up) does not eat into the gap before the next one.
 */
final class HostThrottle {
  private static final class Slot {
    long nextNanos = Long.MIN_VALUE;
  }

  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  /** Blocks until a request to {@code host} may start, and keeps {@code gap} free after it. */
  void acquire(String host, Duration gap) throws InterruptedException {
    Slot slot = slots.computeIfAbsent(host, h -> new Slot());
    long wait;
    synchronized (slot) {
      long now = System.nanoTime();
      long start = slot.nextNanos == Long.MIN_VALUE ? now : Math.max(now, slot.nextNanos);
      slot.nextNanos = start + gap.toNanos();
      wait = start - now;
    }
    TimeUnit.NANOSECONDS.sleep(wait);
  }

  /** Called when a request to {@code host} has ended: the next may start {@code gap} from now at the earliest. */
  void finished(String host, Duration gap) {
    pause(host, gap);
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
