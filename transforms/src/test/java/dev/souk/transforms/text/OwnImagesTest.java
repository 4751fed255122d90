package dev.souk.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Made-up image URLs of every shape; the real ones are checked in OwnImagesRealRecordsTest and the page tests. */
class OwnImagesTest {
  private static final String OWN = "https://www.mubawab-media.com/ad/8/257/884F/h/WhatsApp%20Image_81465822.avif";
  private static final String OTHER = "https://www.mubawab-media.com/ad/8/238/584F/m/photo_0_81270021.avif";

  @Test
  void mubawabPathSpellsTheAdId() {
    assertTrue(OwnImages.MUBAWAB.isOwn("8257884", OWN));
    assertFalse(OwnImages.MUBAWAB.isOwn("8257884", OTHER));
    assertTrue(OwnImages.MUBAWAB.isOwn("8238584", OTHER));
    // Zero groups, longer and shorter ids, no F, no www.
    assertTrue(OwnImages.MUBAWAB.isOwn("8226000", "https://www.mubawab-media.com/ad/8/226/000F/m/photo_0_81134451.avif"));
    assertTrue(OwnImages.MUBAWAB.isOwn("10123456", "https://www.mubawab-media.com/ad/10/123/456F/h/x.avif"));
    assertTrue(OwnImages.MUBAWAB.isOwn("999456", "https://www.mubawab-media.com/ad/0/999/456F/h/x.avif"));
    assertTrue(OwnImages.MUBAWAB.isOwn("8257884", "https://mubawab-media.com/ad/8/257/884/h/x.avif"));
    // A digit more or less is another ad; a business logo or another host is no listing photo.
    assertFalse(OwnImages.MUBAWAB.isOwn("825788", OWN));
    assertFalse(OwnImages.MUBAWAB.isOwn("82578840", OWN));
    assertFalse(OwnImages.MUBAWAB.isOwn("9732", "https://www.mubawab-media.com/business/9/732F/s/1_72437990.avif"));
    assertFalse(OwnImages.MUBAWAB.isOwn("8257884", "https://example.com/ad/8/257/884F/h/x.avif"));
    assertFalse(OwnImages.MUBAWAB.isOwn("8257884", null));
  }

  @Test
  void ofKeepsOwnImagesInOrderOnce() {
    String own2 = OWN.replace("81465822", "81465823");
    assertEquals(List.of(OWN, own2), OwnImages.MUBAWAB.of("8257884", List.of(OWN, OTHER, own2, OWN)));
    assertEquals(List.of(), OwnImages.MUBAWAB.of("8257884", List.of(OTHER)));
    assertEquals(List.of(), OwnImages.MUBAWAB.of("8257884", null));
    // Without an id nothing can be judged: nothing is dropped.
    assertEquals(List.of(OWN, OTHER), OwnImages.MUBAWAB.of(null, List.of(OWN, OTHER)));
  }

  @Test
  void avitoUrlsCarryNoAdIdSoEveryListingPhotoIsKept() {
    String photo = "https://content.avito.ma/classifieds/images/10140629219?t=images";
    assertTrue(OwnImages.AVITO.isOwn("57017784", photo));
    assertTrue(OwnImages.AVITO.isOwn("1", photo), "the URL cannot tell whose photo it is");
    assertFalse(OwnImages.AVITO.isOwn("57017784", "https://www.avito.ma/phoenix-assets/imgs/adparams/ed5b95f744.svg"));
    assertFalse(OwnImages.AVITO.isOwn("57017784", OWN));
    assertEquals(List.of(photo), OwnImages.AVITO.of("57017784", List.of(photo, photo)));
  }
}
