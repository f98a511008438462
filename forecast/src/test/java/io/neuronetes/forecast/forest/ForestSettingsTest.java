package io.neuronetes.forecast.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForestSettingsTest {

    private static final ForestSettings D = ForestSettings.defaults();

    @Test
    void defaultsAreValidAndCalibrateOnMoreRowsThanTheTreesGrowOn() {
        assertThat(D.rowCap()).isEqualTo(8000);
        assertThat(D.calibrationRows()).isEqualTo(32000);
        assertThat(D.withTrees(7).calibrationRows()).isEqualTo(32000);
        assertThat(D.withSeed(3).calibrationRows()).isEqualTo(32000);
    }

    @Test
    void eachInvalidSettingIsRefusedByName() {
        assertThatThrownBy(() -> new ForestSettings(0, 20, 1000, 20, 0, 8000, 32000, 1, 0, 2))
                .hasMessageContaining("trees=0");
        assertThatThrownBy(() -> new ForestSettings(100, 20, 1000, 20, 0, 99, 32000, 1, 0, 2))
                .hasMessageContaining("rowCap=99");
        assertThatThrownBy(() -> new ForestSettings(100, 20, 1000, 20, 0, 8000, -1, 1, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrationRows=-1");
        assertThatThrownBy(() -> new ForestSettings(100, 20, 1000, 20, 0, 8000, 32000, 0, 0, 2))
                .hasMessageContaining("sampleRate=0.0");
        // 0 calibration rows is valid: the training pairs themselves
        assertThat(new ForestSettings(100, 20, 1000, 20, 0, 8000, 0, 1, 0, 2).calibrationRows()).isZero();
    }
}
