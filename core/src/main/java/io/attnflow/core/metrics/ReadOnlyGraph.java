package io.attnflow.core.metrics;

import java.util.Collection;
import java.util.function.Supplier;
import org.jgrapht.graph.AbstractGraph;

/**
 * A JGraphT graph that is only read, as the solvers do: it has no vertex or edge suppliers, and every mutator throws
 * {@link UnsupportedOperationException} with the subclass's message.
 */
abstract class ReadOnlyGraph<V, E> extends AbstractGraph<V, E> {
    private final String message;

    /** @param message the message of the exception every mutator throws */
    ReadOnlyGraph(String message) {
        this.message = message;
    }

    @Override
    public Supplier<V> getVertexSupplier() {
        return null;
    }

    @Override
    public Supplier<E> getEdgeSupplier() {
        return null;
    }

    @Override
    public E addEdge(V u, V v) {
        throw readOnly();
    }

    @Override
    public boolean addEdge(V u, V v, E e) {
        throw readOnly();
    }

    @Override
    public V addVertex() {
        throw readOnly();
    }

    @Override
    public boolean addVertex(V v) {
        throw readOnly();
    }

    @Override
    public E removeEdge(V u, V v) {
        throw readOnly();
    }

    @Override
    public boolean removeEdge(E e) {
        throw readOnly();
    }

    @Override
    public boolean removeVertex(V v) {
        throw readOnly();
    }

    @Override
    public boolean removeAllVertices(Collection<? extends V> vertices) {
        throw readOnly();
    }

    @Override
    public void setEdgeWeight(E e, double weight) {
        throw readOnly();
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException(message);
    }
}
