package io.attnflow.core.headgraph;

import java.util.Comparator;

/**
 * One head of one model: a node of the head graph.
 *
 * @param model the model id
 * @param layer the layer, 1..L
 * @param head  the head, 0-based
 */
public record ModelHead(String model, int layer, int head) {
    /** By model, layer, head: the order of the graph's heads and of every tie-break. */
    public static final Comparator<ModelHead> ORDER = Comparator.comparing(ModelHead::model)
            .thenComparingInt(ModelHead::layer)
            .thenComparingInt(ModelHead::head);

    @Override
    public String toString() {
        return model + " " + layer + "-" + head;
    }
}
