package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrequencySketchTest {

    @Test
    void frequency_countsReadsAndCapsAt15() {
        FrequencySketch sketch = new FrequencySketch(1_000);
        assertThat(sketch.frequency("k")).isZero();
        for (int i = 0; i < 5; i++) {
            sketch.increment("k");
        }
        assertThat(sketch.frequency("k")).isEqualTo(5);
        for (int i = 0; i < 100; i++) {
            sketch.increment("k");
        }
        assertThat(sketch.frequency("k")).isEqualTo(15);
    }

    @Test
    void frequency_ofKeysNeverRead_staysLowAmongManyOthers() {
        FrequencySketch sketch = new FrequencySketch(1_000);
        for (int i = 0; i < 500; i++) {
            sketch.increment("key" + i);
        }
        int overEstimated = 0;
        for (int i = 0; i < 500; i++) {
            if (sketch.frequency("absent" + i) > 1) {
                overEstimated++;
            }
        }
        assertThat(overEstimated).isLessThan(10);
    }

    @Test
    void increments_beyondTheSampleSize_ageEveryCounter() {
        FrequencySketch sketch = new FrequencySketch(64);
        for (int i = 0; i < 12; i++) {
            sketch.increment("old-favourite");
        }
        for (int i = 0; i < 64 * 10; i++) {
            sketch.increment("other" + i);
        }
        assertThat(sketch.frequency("old-favourite")).isLessThan(12);
    }
}
