package dev.souk.transforms.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SurrogateKeyTest {
  @Test
  void sameNaturalKeyGivesSameKey() {
    assertThat(SurrogateKey.of("MA", "rabat", "agdal"), equalTo(SurrogateKey.of("MA", "rabat", "agdal")));
  }

  @Test
  void keyIsStableAcrossReleases() {
    // Pinned: changing the recipe would orphan every fact already loaded in a warehouse. Each value
    // is md5 of the '-'-joined text, computed independently of this code (Python's hashlib).
    assertThat(SurrogateKey.of("avito"), equalTo("a9b14f06758a8dff4f5b57724cc2c7b7"));
    assertThat(SurrogateKey.of("MA", "rabat", "agdal"), equalTo("4d3707c0e9d4b5829a2eae793b25b17e"));
    assertThat(SurrogateKey.of("MA", "الدار البيضاء", "المعاريف"), equalTo("fa5b308b5a0bdb551d0edf78bc1a7176"));
    assertThat(SurrogateKey.of("Apple", "iPhone 13 Pro Max", 256), equalTo("00a22e5192e4d457a060bf63d0e9537d"));
  }

  @Test
  void nullsAreDbtUtilsMarker() {
    assertThat(SurrogateKey.of("MA", "rabat", null), equalTo("56e55e86f00b4be5be123168a347df49"));
    assertThat(SurrogateKey.of((Object) null), equalTo("f14cc5cdce0420f4a5a6b6d9d7b85f39"));
    assertThat(SurrogateKey.of("x", null), not(equalTo(SurrogateKey.of("x", ""))));
  }

  @Test
  void emptyPartsStayEmpty() {
    assertThat(SurrogateKey.of(""), equalTo("d41d8cd98f00b204e9800998ecf8427e"));
    assertThat(SurrogateKey.of("a", "", "b"), equalTo("3626838a3c7fbc94621a1210815b9787"));
  }

  @Test
  void partsAreCastToTextAsTheWarehousesCastThem() {
    assertThat(SurrogateKey.concatenated(new BigDecimal("1.50"), true, LocalDate.of(2025, 3, 14), 128L),
        equalTo("1.50-true-2025-03-14-128"));
    assertThat(SurrogateKey.of(new BigDecimal("1.50"), true, LocalDate.of(2025, 3, 14), 128L),
        equalTo("cb8e21f610b2a95c573e832a668d207c"));
    assertThat(SurrogateKey.text(new BigDecimal("1E+3").setScale(2)), equalTo("1000.00"));
    assertThat(SurrogateKey.text(-5), equalTo("-5"));
    assertThat(SurrogateKey.of(256), equalTo(SurrogateKey.of("256")));
  }

  @Test
  void floatingPointPartsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurrogateKey.of("x", 1.5));
    assertThat(e.getMessage(), containsString("Double"));
  }

  @Test
  void partBoundariesAreDistinctUnlessAPartHoldsTheSeparator() {
    assertThat(SurrogateKey.of("a", "bc"), not(equalTo(SurrogateKey.of("ab", "c"))));
    // The dbt_utils recipe joins with a bare '-': documented in SurrogateKey, kept for compatibility.
    assertThat(SurrogateKey.of("a-b", "c"), equalTo(SurrogateKey.of("a", "b-c")));
  }

  @Test
  void keysAre32LowerCaseHexCharacters() {
    for (int i = 0; i < 1000; i++) {
      assertThat(SurrogateKey.of("n", i), matchesPattern("[0-9a-f]{32}"));
    }
  }
}
