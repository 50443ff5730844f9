package io.attnflow.core.trace;

import io.attnflow.core.query.InvalidQueryException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * HS(l), the heads a trace follows in each layer 1..L. A layer with no selected head keeps all its heads, as the
 * definitions say.
 */
public final class HeadSelection {
    private final int[][] perLayer;
    private final int heads;

    private HeadSelection(int[][] perLayer, int heads) {
        this.perLayer = perLayer;
        this.heads = heads;
    }

    /** All heads in every layer. */
    public static HeadSelection all(int layers, int heads) {
        return of(Map.of(), layers, heads);
    }

    /**
     * Resolves a request's per-layer head sets.
     *
     * @throws InvalidQueryException when a layer is outside 1..L or a head outside 0..H-1
     */
    public static HeadSelection of(Map<Integer, Set<Integer>> selected, int layers, int heads) {
        int[][] perLayer = new int[layers + 1][];
        for (var entry : selected.entrySet()) {
            int layer = entry.getKey();
            if (layer < 1 || layer > layers) {
                throw new InvalidQueryException(
                        "head selection names layer " + layer + ", but the model has attention layers 1.." + layers);
            }
            for (int h : entry.getValue()) {
                if (h < 0 || h >= heads) {
                    throw new InvalidQueryException("head selection names head " + layer + ":" + h
                            + ", but heads are numbered 0.." + (heads - 1));
                }
            }
        }
        for (int l = 1; l <= layers; l++) {
            Set<Integer> chosen = selected.getOrDefault(l, Set.of());
            perLayer[l] = chosen.isEmpty()
                    ? allHeads(heads)
                    : chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        perLayer[0] = new int[0];
        return new HeadSelection(perLayer, heads);
    }

    /**
     * Parses the {@code LAYER:HEAD,…} notation of the API's {@code heads} parameter and the CLI's {@code --heads}
     * (layers 1..L, heads 0-based), e.g. {@code "12:0,12:3,11:5"} → {11: [5], 12: [0, 3]}. Blank text and empty
     * items are ignored; ranges are checked later, by {@link #of}, against the model.
     *
     * @throws InvalidQueryException naming the item that is not two integers separated by a colon
     */
    public static Map<Integer, Set<Integer>> parse(String text) {
        Map<Integer, Set<Integer>> out = new TreeMap<>();
        if (text == null || text.isBlank()) return out;
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            String[] lh = part.trim().split(":");
            try {
                if (lh.length != 2) throw new NumberFormatException();
                out.computeIfAbsent(Integer.parseInt(lh[0].trim()), k -> new TreeSet<>())
                        .add(Integer.parseInt(lh[1].trim()));
            } catch (NumberFormatException e) {
                throw new InvalidQueryException("'" + part.trim() + "' is not LAYER:HEAD");
            }
        }
        return out;
    }

    private static int[] allHeads(int heads) {
        int[] all = new int[heads];
        Arrays.setAll(all, h -> h);
        return all;
    }

    /** HS(layer), ascending. */
    public int[] heads(int layer) {
        return perLayer[layer].clone();
    }

    /** |HS(layer)|. */
    public int size(int layer) {
        return perLayer[layer].length;
    }

    /** True when HS(layer) holds every head of the layer. */
    public boolean isAll(int layer) {
        return perLayer[layer].length == heads;
    }

    /** True when every layer keeps all its heads. */
    public boolean isAll() {
        for (int l = 1; l < perLayer.length; l++) if (!isAll(l)) return false;
        return true;
    }

    /**
     * The selection as a list indexed by layer 0..L (entry 0 is empty), the shape of the {@code $heads} parameter of
     * the Cypher traces.
     */
    public int[][] asLayerList() {
        int[][] copy = new int[perLayer.length][];
        for (int l = 0; l < perLayer.length; l++) copy[l] = perLayer[l].clone();
        return copy;
    }
}
