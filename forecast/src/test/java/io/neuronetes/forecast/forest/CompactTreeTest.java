package io.neuronetes.forecast.forest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.base.cart.CART;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.math.MathEx;
import smile.regression.RegressionTree;

class CompactTreeTest {

    @Test
    void predictsExactlyAsSmilesTree() {
        Random r = new Random(7);
        int n = 2000;
        double[][] x = new double[n][4];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = Math.round(r.nextGaussian() * 10) / 2.0; // ties on purpose: splits between equal values
            }
            y[i] = x[i][0] * 2 - x[i][1] * x[i][2] + r.nextGaussian();
        }
        DataFrame df = DataFrame.of(x, "a", "b", "c", "d");
        int[] samples = new int[n];
        java.util.Arrays.fill(samples, 1);
        MathEx.setSeed(19);
        RegressionTree smile = new RegressionTree(df, Loss.ls(y), new StructField("y", DataTypes.DoubleType), 20,
                300, 5, 2, samples, CART.order(df));
        CompactTree compact = CompactTree.of(smile);
        assertThat(compact.nodes()).isGreaterThan(100);
        for (int i = 0; i < n; i++) {
            assertThat(compact.predict(x[i])).isEqualTo(smile.predict(df.get(i)));
        }
    }
}
