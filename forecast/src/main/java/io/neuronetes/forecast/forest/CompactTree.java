package io.neuronetes.forecast.forest;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.regression.RegressionTree;

/**
 * A regression tree flattened into three arrays: for node i, {@code feature[i]} (-1 for a leaf), {@code value[i]}
 * (the split threshold, or the leaf output) and {@code child[i]} (the index of the "x <= threshold" child; the other
 * child follows it). About 16 bytes a node, against several objects per node in Smile's own tree, and prediction
 * needs no data-frame tuple. Immutable.
 */
final class CompactTree implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Field ORDINAL_VALUE = ordinalValueField();

    private final int[] feature;
    private final double[] value;
    private final int[] child;

    private CompactTree(int[] feature, double[] value, int[] child) {
        this.feature = feature;
        this.value = value;
        this.child = child;
    }

    /** The number of nodes. */
    int nodes() {
        return feature.length;
    }

    /** The heap bytes of the three arrays (16 bytes a node plus array headers). */
    long bytes() {
        return 3 * 16L + feature.length * 16L;
    }

    /** The output for feature row {@code x}. */
    double predict(double[] x) {
        int i = 0;
        while (feature[i] >= 0) {
            i = x[feature[i]] <= value[i] ? child[i] : child[i] + 1;
        }
        return value[i];
    }

    /** Flattens a trained Smile tree (splits on numeric features only). */
    static CompactTree of(RegressionTree tree) {
        List<Node> order = new ArrayList<>();
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(tree.root());
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            order.add(n);
            if (n instanceof InternalNode in) {
                queue.add(in.trueChild());
                queue.add(in.falseChild());
            }
        }
        int[] feature = new int[order.size()];
        double[] value = new double[order.size()];
        int[] child = new int[order.size()];
        int next = 1;
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            if (n instanceof OrdinalNode on) {
                feature[i] = on.feature();
                value[i] = threshold(on);
                child[i] = next;
                next += 2;
            } else if (n instanceof RegressionNode leaf) {
                feature[i] = -1;
                value[i] = leaf.output();
            } else {
                throw new IllegalStateException("unexpected tree node " + n.getClass().getName());
            }
        }
        return new CompactTree(feature, value, child);
    }

    // Smile 3.1.1 exposes the split of an ordinal node only through branch(Tuple); its threshold field is read
    // directly so that prediction runs on plain arrays. A test checks that predictions equal Smile's own.
    private static double threshold(OrdinalNode n) {
        try {
            return ORDINAL_VALUE.getDouble(n);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the split threshold of a Smile tree", e);
        }
    }

    private static Field ordinalValueField() {
        try {
            Field f = OrdinalNode.class.getDeclaredField("value");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
