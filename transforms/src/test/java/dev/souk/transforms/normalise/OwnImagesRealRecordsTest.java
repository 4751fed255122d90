package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Class 3 of issue #10 over every real payload: a listing keeps its own images and only those
 * (docs/sites.md §2.4, §6). Expected values are worked out here from the producers' raw lists.
 */
class OwnImagesRealRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every Mubawab payload: each image's path spells the listing id, and no such image is lost. */
  @Test
  void everyMubawabPayloadKeepsExactlyItsOwnImages() throws Exception {
    List<RealPayloads.Payload> payloads = RealPayloads.of("mubawab");
    assertTrue(payloads.size() >= 58, payloads.size() + " Mubawab payloads");
    int dropped = 0;
    int withOthers = 0;
    for (RealPayloads.Payload p : payloads) {
      String id = p.text("id");
      String spelled = spelled(id);
      List<String> sent = sentImages(p);
      List<String> own = sent.stream().filter(u -> u.contains(spelled)).distinct().toList();
      assertEquals(own, p.fields().images, p.file() + " " + id);
      assertTrue(!own.isEmpty(), p.file() + " " + id + " lost all its images");
      dropped += sent.size() - own.size();
      if (sent.size() > own.size()) {
        withOthers++;
        assertEquals("AMRES mubawab", p.file(), "only the rewritten producer sent other ads' images");
      }
    }
    // The AMRES producer sent the similar-ads thumbnails with 30 of its 33 listings.
    assertEquals(30, withOthers);
    assertTrue(dropped > 100, dropped + " thumbnails of other ads");
  }

  /** Avito image URLs carry no ad id: every photo the producers sent is kept, in order. */
  @Test
  void everyAvitoPayloadKeepsAllItsPhotos() {
    List<RealPayloads.Payload> payloads = RealPayloads.of("avito");
    assertTrue(payloads.size() > 100, payloads.size() + " Avito payloads");
    for (RealPayloads.Payload p : payloads) {
      boolean amres = p.json().has("images");
      String joined = p.text(amres ? "images" : "image_urls");
      List<String> sent = joined == null ? List.of()
          : Arrays.stream(joined.split(amres ? ", " : " \\| ")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
      assertEquals(sent, p.fields().images, p.file() + " " + p.text("id"));
    }
  }

  /** "8257884" → "/ad/8/257/884F/": how Mubawab files an ad's photos. */
  private static String spelled(String id) {
    int n = id.length();
    return "/ad/" + id.substring(0, n - 6) + "/" + id.substring(n - 6, n - 3) + "/" + id.substring(n - 3) + "F/";
  }

  private static List<String> sentImages(RealPayloads.Payload p) throws Exception {
    JsonNode v = p.json().has("images") ? p.json().get("images") : JSON.readTree(p.text("gallery_urls"));
    List<String> out = new ArrayList<>();
    v.forEach(u -> out.add(u.asText()));
    return out;
  }
}
