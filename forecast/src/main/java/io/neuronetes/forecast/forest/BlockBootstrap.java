package io.neuronetes.forecast.forest;

import java.util.SplittableRandom;

/**
 * The bootstrap of one tree: blocks (days of targets) are drawn with replacement, then as many rows as the drawn
 * blocks hold (a block drawn twice counts twice) are drawn with replacement from them. Rows of a block that was not
 * drawn are out of bag: neither they nor any row sharing their day trained the tree, so predicting them is an
 * honest out-of-sample test even though neighbouring pairs of a time series share targets. Only blocks that hold
 * rows are drawn: days of a long outage hold none, and a tree drawn from them alone would have no rows.
 */
final class BlockBootstrap {

    private BlockBootstrap() {
    }

    /**
     * @param block the block of each row
     * @param blocks the number of blocks (blocks that hold no row are never drawn)
     * @param rate the rows drawn as a fraction of the rows of the drawn blocks
     * @param blockCount receives how many times each block was drawn
     * @return how many times each row is used (Smile's {@code samples})
     */
    static int[] draw(int[] block, int blocks, double rate, long seed, int[] blockCount) {
        boolean[] holdsRows = new boolean[blocks];
        for (int b : block) {
            holdsRows[b] = true;
        }
        int[] drawable = new int[blocks];
        int n = 0;
        for (int b = 0; b < blocks; b++) {
            if (holdsRows[b]) {
                drawable[n++] = b;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no rows to draw a bootstrap from");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int d = 0; d < n; d++) {
            blockCount[drawable[rng.nextInt(n)]]++;
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
