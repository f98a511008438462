package io.neuronetes.forecast.forest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockBootstrapTest {

    @Test
    void blocksWithoutRowsAreNeverDrawn() {
        // 7 blocks (days), rows only in blocks 0 and 6: a 5-day outage in between. Drawing among all 7 would give
        // some seeds only empty blocks, i.e. a tree with no rows.
        int[] block = new int[40];
        Arrays.fill(block, 20, 40, 6);
        for (long seed = 0; seed < 200; seed++) {
            int[] counts = new int[7];
            int[] samples = BlockBootstrap.draw(block, 7, 1.0, seed, counts);
            assertThat(counts[0] + counts[6]).as("seed %d: two blocks drawn, both holding rows", seed).isEqualTo(2);
            assertThat(Arrays.copyOfRange(counts, 1, 6)).as("seed %d", seed).containsOnly(0);
            assertThat(Arrays.stream(samples).sum()).as("seed %d: rows drawn", seed).isPositive();
        }
    }

    @Test
    void everyBlockHoldingRowsIsDrawnAsOftenAsThereAreBlocks() {
        int[] block = {0, 0, 1, 1, 2, 2, 3, 3};
        int[] counts = new int[4];
        int[] samples = BlockBootstrap.draw(block, 4, 0.5, 7, counts);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(4);
        int rowsOfDrawnBlocks = 0;
        for (int b : block) {
            rowsOfDrawnBlocks += counts[b];
        }
        // half of the rows the drawn blocks hold (a block drawn twice counts twice), only from drawn blocks
        assertThat(Arrays.stream(samples).sum()).isEqualTo(Math.round(rowsOfDrawnBlocks * 0.5f));
        for (int i = 0; i < block.length; i++) {
            if (counts[block[i]] == 0) {
                assertThat(samples[i]).as("row %d of an undrawn block", i).isZero();
            }
        }
    }
}
