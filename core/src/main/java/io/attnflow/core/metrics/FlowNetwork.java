package io.attnflow.core.metrics;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jgrapht.GraphType;
import org.jgrapht.graph.DefaultGraphType;

/**
 * The attention-flow network from one source to one sink at a time, as a read-only JGraphT graph over one shared
 * capacity array: no vertex, edge or weight objects are stored, so the n networks of a sentence (one per input
 * token, {@link #moveSink}) cost nothing to build, and JGraphT's solvers read them through the ordinary
 * {@link org.jgrapht.Graph} interface. Vertex and edge ids are boxed once per sentence ({@link #id}), not on every
 * one of the solvers' passes over the graph.
 *
 * <p>Vertex l·n + i is token i after layer l (as in Abnar &amp; Zuidema's {@code get_adjmat}); edge
 * ((l-1)·n + i)·n + k is (i@l) → (k@l-1) with capacity {@code capacity[edge]}. Only the part of the full layered
 * graph that can carry flow from the source (output@L) to the sink (sink@0) is in it, which leaves every max-flow
 * value unchanged (docs/ATTENTION_FLOW.md, "Solver choice and cost"):
 *
 * <ul>
 *   <li>of layer L only the source: no edge enters layer L, so its other tokens are unreachable;
 *   <li>of layer 0 only the sink: layer-0 tokens have no outgoing edges, so the others are dead ends;
 *   <li>no edge of capacity 0 (as {@code networkx.from_numpy_matrix} leaves out zero entries).
 * </ul>
 */
final class FlowNetwork extends ReadOnlyGraph<Integer, Integer> {
    private final int layers;
    private final int n;
    private final double[] capacity;
    private final int source;
    private final Integer[] ids;
    private int sink;

    /**
     * @param layers   L
     * @param n        tokens per layer
     * @param capacity L·n² capacities, index ((l-1)·n + i)·n + k for (i@l) → (k@l-1)
     * @param output   the source's token at layer L
     * @param sink     the sink's token at layer 0
     */
    FlowNetwork(int layers, int n, double[] capacity, int output, int sink) {
        super("the attention-flow network is read-only");
        this.layers = layers;
        this.n = n;
        this.capacity = capacity;
        this.source = layers * n + output;
        this.ids = new Integer[Math.max(capacity.length, (layers + 1) * n)];
        for (int k = 0; k < ids.length; k++) ids[k] = k;
        moveSink(sink);
    }

    /** The network of the same capacities from the same source to token {@code sink} at layer 0. */
    void moveSink(int sink) {
        if (sink < 0 || sink >= n)
            throw new IllegalArgumentException("sink must be in 0.." + (n - 1) + ", was " + sink);
        this.sink = sink;
    }

    /** The shared box of vertex {@code v}. */
    Integer vertex(int v) {
        return ids[v];
    }

    /** The shared box of edge {@code e}. */
    Integer edge(int e) {
        return ids[e];
    }

    int source() {
        return source;
    }

    int sink() {
        return sink;
    }

    private boolean inView(int v) {
        int l = v / n;
        if (v < 0 || l > layers) return false;
        if (l == layers) return v == source;
        if (l == 0) return v == sink;
        return true;
    }

    private boolean hasEdge(int e) {
        return e >= 0 && e < capacity.length && capacity[e] > 0 && inView(from(e)) && inView(to(e));
    }

    private int from(int e) {
        return (e / (n * n) + 1) * n + (e / n) % n;
    }

    private int to(int e) {
        return (e / (n * n)) * n + e % n;
    }

    /**
     * The edges of a vertex's row (outgoing) or column (incoming) that are in this network: a layer-1 token's only
     * outgoing edge goes to the sink, a layer-(L-1) token's only incoming edge comes from the source.
     */
    private Set<Integer> edges(int v, boolean outgoing) {
        if (!inView(v)) throw new IllegalArgumentException("no such vertex: " + v);
        int l = v / n, i = v % n;
        if (outgoing) {
            if (l == 0) return Set.of();
            int row = ((l - 1) * n + i) * n;
            return l == 1 ? new EdgeRange(this, capacity, row + sink, 1, 1) : new EdgeRange(this, capacity, row, 1, n);
        }
        if (l == layers) return Set.of();
        if (l == layers - 1) return new EdgeRange(this, capacity, ((layers - 1) * n + source % n) * n + i, 1, 1);
        return new EdgeRange(this, capacity, l * n * n + i, n, n);
    }

    /** The vertices in order: the sink, the tokens of layers 1..L-1, the source. */
    @Override
    public Set<Integer> vertexSet() {
        int size = (layers - 1) * n + 2;
        return new AbstractSet<>() {
            @Override
            public Iterator<Integer> iterator() {
                return new Iterator<>() {
                    private int k;

                    @Override
                    public boolean hasNext() {
                        return k < size;
                    }

                    @Override
                    public Integer next() {
                        if (k >= size) throw new NoSuchElementException();
                        int v = k == 0 ? sink : k == size - 1 ? source : n + k - 1;
                        k++;
                        return vertex(v);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Integer v && inView(v);
            }
        };
    }

    @Override
    public Set<Integer> edgeSet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Integer> iterator() {
                Iterator<Integer> vertices = vertexSet().iterator();
                return new Iterator<>() {
                    private Iterator<Integer> current = Set.<Integer>of().iterator();

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext() && vertices.hasNext())
                            current = outgoingEdgesOf(vertices.next()).iterator();
                        return current.hasNext();
                    }

                    @Override
                    public Integer next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        return current.next();
                    }
                };
            }

            @Override
            public int size() {
                int s = 0;
                for (Integer v : vertexSet()) s += outDegreeOf(v);
                return s;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Integer e && hasEdge(e);
            }
        };
    }

    @Override
    public Set<Integer> outgoingEdgesOf(Integer v) {
        return edges(v, true);
    }

    @Override
    public Set<Integer> incomingEdgesOf(Integer v) {
        return edges(v, false);
    }

    @Override
    public Set<Integer> edgesOf(Integer v) {
        Set<Integer> out = outgoingEdgesOf(v), in = incomingEdgesOf(v);
        if (out.isEmpty()) return in;
        if (in.isEmpty()) return out;
        java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>(in);
        all.addAll(out);
        return all;
    }

    @Override
    public int outDegreeOf(Integer v) {
        return outgoingEdgesOf(v).size();
    }

    @Override
    public int inDegreeOf(Integer v) {
        return incomingEdgesOf(v).size();
    }

    @Override
    public int degreeOf(Integer v) {
        return outDegreeOf(v) + inDegreeOf(v);
    }

    @Override
    public Integer getEdge(Integer u, Integer v) {
        if (u == null || v == null || u / n != v / n + 1 || !inView(u) || !inView(v)) return null;
        int lu = u / n;
        int e = ((lu - 1) * n + u % n) * n + v % n;
        return hasEdge(e) ? edge(e) : null;
    }

    @Override
    public Set<Integer> getAllEdges(Integer u, Integer v) {
        Integer e = getEdge(u, v);
        return e == null ? Set.of() : Set.of(e);
    }

    @Override
    public boolean containsEdge(Integer e) {
        return e != null && hasEdge(e);
    }

    @Override
    public boolean containsVertex(Integer v) {
        return v != null && inView(v);
    }

    @Override
    public Integer getEdgeSource(Integer e) {
        return vertex(from(e));
    }

    @Override
    public Integer getEdgeTarget(Integer e) {
        return vertex(to(e));
    }

    @Override
    public double getEdgeWeight(Integer e) {
        return capacity[e];
    }

    @Override
    public GraphType getType() {
        return DefaultGraphType.directedSimple().asWeighted();
    }
}
