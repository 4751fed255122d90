package dev.souk.pipelines.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

/** Each rule: OK, WARN and FAIL at its thresholds, with a message naming the metric, site, value and threshold. */
class QualityRulesTest {
  private static final Limits FILL = new Limits(0.6, 0.2);
  private static final Limits SHARE = new Limits(0.05, 0.25);
  private static final Limits DROP = new Limits(0.5, 0.9);

  @Test
  void fillRateIsAMinimum() {
    QualityCheck ok = QualityRules.fillRate("avito", "priceAmount", 60, 100, FILL, 1);
    assertThat("the threshold itself passes", ok.status(), equalTo(GateStatus.OK));
    assertThat(ok.message(), equalTo("fill rate of priceAmount on avito is 60% (60 of 100 listings)"));
    assertThat(ok.metric(), equalTo(QualityRules.FILL_RATE));
    assertThat(ok.field(), equalTo("priceAmount"));
    assertThat(ok.warnLimit(), equalTo(0.6));
    assertThat(ok.failLimit(), equalTo(0.2));

    QualityCheck warn = QualityRules.fillRate("avito", "priceAmount", 41, 100, FILL, 1);
    assertThat(warn.status(), equalTo(GateStatus.WARN));
    assertThat(warn.message(),
        equalTo("fill rate of priceAmount on avito is 41% (41 of 100 listings), below the 60% warn threshold"));

    QualityCheck fail = QualityRules.fillRate("avito", "priceAmount", 1, 8, FILL, 1);
    assertThat(fail.status(), equalTo(GateStatus.FAIL));
    assertThat(fail.value(), equalTo(0.125));
    assertThat(fail.message(),
        equalTo("fill rate of priceAmount on avito is 12.5% (1 of 8 listings), below the 20% fail threshold"));
  }

  @Test
  void fillRateWithoutListingsIsNoCheck() {
    assertThat(QualityRules.fillRate("avito", "priceAmount", 0, 0, FILL, 1), nullValue());
  }

  @Test
  void aThresholdTurnedOffNeverTriggers() {
    assertThat(QualityRules.fillRate("noon", "storageGb", 0, 10, new Limits(null, 0.0), 1).status(), equalTo(GateStatus.OK));
    assertThat(QualityRules.fillRate("noon", "storageGb", 0, 10, new Limits(0.5, null), 1).status(), equalTo(GateStatus.WARN));
    assertThat(QualityRules.deadLetterShare("noon", 10, 10, Limits.OFF, 1).status(), equalTo(GateStatus.OK));
  }

  @Test
  void aSmallSampleIsRecordedButNotJudged() {
    QualityCheck few = QualityRules.fillRate("avito", "priceAmount", 1, 8, FILL, 30);
    assertThat(few.status(), equalTo(GateStatus.OK));
    assertThat(few.value(), equalTo(0.125));
    assertThat(few.message(), equalTo("fill rate of priceAmount on avito is 12.5% (1 of 8 listings); not judged,"
        + " fewer than 30 listings"));
    QualityCheck retried = QualityRules.deadLetterShare("avito", 1, 3, SHARE, 30);
    assertThat(retried.status(), equalTo(GateStatus.OK));
    assertThat(retried.message(), equalTo("dead-letter share on avito is 33.3% (1 failure, 3 inputs); not judged,"
        + " fewer than 30 inputs"));
    assertThat(QualityRules.deadLetterShare("avito", 30, 30, SHARE, 30).status(), equalTo(GateStatus.FAIL));
  }

  @Test
  void deadLetterShareIsAMaximum() {
    QualityCheck ok = QualityRules.deadLetterShare("noon", 1, 33, SHARE, 1);
    assertThat(ok.status(), equalTo(GateStatus.OK));
    assertThat(ok.message(), equalTo("dead-letter share on noon is 3% (1 failure, 33 inputs)"));
    assertThat(ok.field(), equalTo(""));

    QualityCheck warn = QualityRules.deadLetterShare("noon", 5, 50, SHARE, 1);
    assertThat(warn.status(), equalTo(GateStatus.WARN));
    assertThat(warn.message(), equalTo("dead-letter share on noon is 10% (5 failures, 50 inputs), above the 5% warn threshold"));

    QualityCheck fail = QualityRules.deadLetterShare(QualityRules.ALL_SITES, 3, 7, SHARE, 1);
    assertThat(fail.status(), equalTo(GateStatus.FAIL));
    assertThat(fail.message(),
        equalTo("dead-letter share of the run is 42.9% (3 failures, 7 inputs), above the 25% fail threshold"));
  }

  @Test
  void deadLetterShareIsCappedWhenPagesFailedBeforeTheyWereFetched() {
    // robots.txt refused every list page: failures, no page fetched.
    QualityCheck refused = QualityRules.deadLetterShare("avito", 4, 0, SHARE, 1);
    assertThat(refused.value(), equalTo(1.0));
    assertThat(refused.status(), equalTo(GateStatus.FAIL));
    assertThat(QualityRules.deadLetterShare("avito", 0, 0, SHARE, 1), nullValue());
  }

  @Test
  void rowCountDropComparesWithThePreviousRun() {
    QualityCheck first = QualityRules.rowCountDrop("avito", QualityRules.PAYLOAD_LISTINGS, 177, null, DROP);
    assertThat(first.status(), equalTo(GateStatus.OK));
    assertThat(first.message(), equalTo("payload_listings on avito is 177; no previous run to compare with"));
    assertThat(first.warnLimit(), nullValue());

    QualityCheck more = QualityRules.rowCountDrop("avito", QualityRules.PAYLOAD_LISTINGS, 200, 177.0, DROP);
    assertThat(more.status(), equalTo(GateStatus.OK));
    assertThat(more.message(), equalTo("payload_listings on avito is 200, previous run 177"));

    QualityCheck warn = QualityRules.rowCountDrop("avito", QualityRules.PAYLOAD_LISTINGS, 40, 100.0, DROP);
    assertThat(warn.status(), equalTo(GateStatus.WARN));
    assertThat(warn.baseline(), equalTo(100.0));
    assertThat("the limits are the values the drops leave", warn.warnLimit(), closeTo(50.0, 1e-9));
    assertThat(warn.failLimit(), closeTo(10.0, 1e-9));
    assertThat(warn.message(), equalTo(
        "payload_listings on avito is 40, previous run 100 (60% fewer), a drop of more than the 50% warn threshold"));

    QualityCheck fail = QualityRules.rowCountDrop("dubizzle", QualityRules.CARDS_PER_LIST_PAGE, 0, 42.7, DROP);
    assertThat(fail.status(), equalTo(GateStatus.FAIL));
    assertThat(fail.message(), equalTo(
        "cards_per_list_page on dubizzle is 0, previous run 42.7 (100% fewer), a drop of more than the 90% fail threshold"));
  }

  @Test
  void aPreviousValueOfZeroIsNoBaseline() {
    assertThat(QualityRules.rowCountDrop("noon", QualityRules.PAYLOAD_LISTINGS, 0, 0.0, DROP).status(),
        equalTo(GateStatus.OK));
  }

  @Test
  void statusesOrderFromOkToFail() {
    assertThat(GateStatus.OK.worst(GateStatus.WARN), equalTo(GateStatus.WARN));
    assertThat(GateStatus.FAIL.worst(GateStatus.WARN), equalTo(GateStatus.FAIL));
    assertThat(QualityRules.percent(0.0056), equalTo("0.6%"));
    assertThat(QualityRules.number(20.857), equalTo("20.9"));
  }
}
