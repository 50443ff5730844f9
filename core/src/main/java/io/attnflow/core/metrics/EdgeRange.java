package io.attnflow.core.metrics;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of {@link FlowNetwork}'s edges: the candidate edges first, first + step, … (count of them), all between
 * vertices of the network; those of capacity 0 are skipped.
 */
final class EdgeRange extends AbstractSet<Integer> {
    private final FlowNetwork network;
    private final double[] capacity;
    private final int first;
    private final int step;
    private final int count;
    private int size = -1;

    EdgeRange(FlowNetwork network, double[] capacity, int first, int step, int count) {
        this.network = network;
        this.capacity = capacity;
        this.first = first;
        this.step = step;
        this.count = count;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int k = advance(0);

            private int advance(int from) {
                while (from < count && !(capacity[first + from * step] > 0)) from++;
                return from;
            }

            @Override
            public boolean hasNext() {
                return k < count;
            }

            @Override
            public Integer next() {
                if (k >= count) throw new NoSuchElementException();
                int e = first + k * step;
                k = advance(k + 1);
                return network.edge(e);
            }
        };
    }

    @Override
    public int size() {
        if (size < 0) {
            int s = 0;
            for (int k = 0; k < count; k++) if (capacity[first + k * step] > 0) s++;
            size = s;
        }
        return size;
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof Integer e)) return false;
        int d = e - first;
        return d >= 0 && d % step == 0 && d / step < count && capacity[e] > 0;
    }
}
