package io.neuronetes.forecast.forest;

import java.util.SplittableRandom;

/**
 * The bootstrap of one tree: blocks (days of targets) are drawn with replacement, then as many rows as the drawn
 * blocks hold (a block drawn twice counts twice) are drawn with replacement from them. Rows of a block that was not
 * drawn are out of bag: neither they nor any row sharing their day trained the tree, so predicting them is an
 * honest out-of-sample test even though neighbouring pairs of a time series share targets.
 */
final class BlockBootstrap {

    private BlockBootstrap() {
    }

    /**
     * @param block the block of each row
     * @param blocks the number of blocks
     * @param rate the rows drawn as a fraction of the rows of the drawn blocks
     * @param blockCount receives how many times each block was drawn
     * @return how many times each row is used (Smile's {@code samples})
     */
    static int[] draw(int[] block, int blocks, double rate, long seed, int[] blockCount) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < blocks; b++) {
            blockCount[rng.nextInt(blocks)]++;
        }
        int size = 0;
        for (int b : block) {
            size += blockCount[b];
        }
        int[] pool = new int[size];
        int k = 0;
        for (int i = 0; i < block.length; i++) {
            for (int c = 0; c < blockCount[block[i]]; c++) {
                pool[k++] = i;
            }
        }
        int[] samples = new int[block.length];
        int draws = Math.max(1, (int) Math.round(size * rate));
        for (int d = 0; d < draws; d++) {
            samples[pool[rng.nextInt(size)]]++;
        }
        return samples;
    }
}
