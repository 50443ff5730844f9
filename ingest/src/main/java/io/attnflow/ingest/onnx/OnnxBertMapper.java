package io.attnflow.ingest.onnx;

import io.attnflow.ingest.onnx.OnnxGraph.Node;
import io.attnflow.ingest.onnx.OnnxGraph.OnnxTensor;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the initializers of a BERT encoder exported to ONNX (Hugging Face Optimum / torch.onnx) onto canonical
 * {@link BertWeights} names, and derives the {@link BertConfig} from the graph.
 *
 * <p>Embeddings, LayerNorm parameters and biases keep their Hugging Face names in the export; every Linear weight
 * becomes an anonymous {@code onnx::MatMul_N} stored {@code [in, out]}. Each one is named after the single
 * {@code *.bias} initializer its MatMul output is added to, and transposed to {@code [out, in]}.
 */
public final class OnnxBertMapper {
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private OnnxBertMapper() {}

    /** Canonical weights and the derived config; {@code sha256} is recorded for provenance. */
    public static BertWeights map(OnnxGraph graph, String sha256) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : graph.floats().entrySet()) {
            String name = canonical(e.getKey());
            if (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")) {
                tensors.put(name, new Tensor(e.getValue().shape(), e.getValue().data()));
            }
        }
        nameMatMulWeights(graph, tensors);
        BertConfig config = deriveConfig(graph, tensors);
        return new BertWeights(config, tensors, List.of(), sha256);
    }

    private static String canonical(String name) {
        return name.startsWith("bert.") ? name.substring("bert.".length()) : name;
    }

    /** Names each anonymous MatMul weight after the bias its output is added to, transposed to [out, in]. */
    private static void nameMatMulWeights(OnnxGraph graph, Map<String, Tensor> tensors) {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : graph.nodes())
            for (String in : n.inputs())
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        for (Node n : graph.nodes()) {
            if (!n.opType().equals("MatMul") || n.inputs().size() != 2) continue;
            String weightName = n.inputs().get(1);
            OnnxTensor w = graph.floats().get(weightName);
            if (w == null || w.shape().length != 2) continue; // activation × activation (Q·Kᵀ, P·V)
            List<String> biases = new ArrayList<>();
            for (Node add : consumers.getOrDefault(n.outputs().get(0), List.of())) {
                if (!add.opType().equals("Add")) continue;
                for (String in : add.inputs()) {
                    if (in.endsWith(".bias") && graph.floats().containsKey(in)) biases.add(in);
                }
            }
            if (biases.size() != 1) {
                throw new ModelLoadException("cannot name MatMul weight '" + weightName + "': its output is added to "
                        + biases.size() + " named biases " + biases + ", expected 1");
            }
            String name = canonical(biases.get(0)).replaceAll("\\.bias$", ".weight");
            if (tensors.containsKey(name)) {
                throw new ModelLoadException("two MatMul weights map to '" + name + "'");
            }
            tensors.put(name, transpose(w));
        }
    }

    private static Tensor transpose(OnnxTensor w) {
        int in = (int) w.shape()[0], out = (int) w.shape()[1];
        float[] src = w.data(), dst = new float[src.length];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) dst[o * in + i] = src[i * out + o];
        return new Tensor(new long[] {out, in}, dst);
    }

    private static BertConfig deriveConfig(OnnxGraph graph, Map<String, Tensor> tensors) {
        Tensor words = require(tensors, "embeddings.word_embeddings.weight");
        Tensor positions = require(tensors, "embeddings.position_embeddings.weight");
        Tensor types = tensors.get("embeddings.token_type_embeddings.weight");
        int hidden = (int) words.shape()[1];
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : tensors.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) layers.add(Integer.parseInt(m.group(1)));
        }
        if (layers.isEmpty() || layers.first() != 0 || layers.last() != layers.size() - 1) {
            throw new ModelLoadException("the ONNX graph has no consecutive encoder layers: " + layers);
        }
        int intermediate = (int)
                require(tensors, "encoder.layer.0.intermediate.dense.bias").shape()[0];
        int heads = deriveHeads(graph, hidden);
        return new BertConfig(
                "bert",
                layers.size(),
                heads,
                hidden,
                intermediate,
                (int) words.shape()[0],
                (int) positions.shape()[0],
                types == null ? 0 : (int) types.shape()[0],
                deriveLayerNormEps(graph),
                0);
    }

    /**
     * The head count from the attention reshapes: each splits the hidden size into [..., H, d] with H·d = hidden,
     * from a constant shape or a Concat whose last two inputs are constants. The scores are divided by √d, which
     * confirms d.
     */
    static int deriveHeads(OnnxGraph graph, int hidden) {
        Map<String, Node> producer = new HashMap<>();
        for (Node n : graph.nodes()) for (String out : n.outputs()) producer.put(out, n);
        Map<Integer, Integer> votes = new TreeMap<>();
        for (Node n : graph.nodes()) {
            if (!n.opType().equals("Reshape") || n.inputs().size() < 2) continue;
            double[] tail = lastTwo(graph, producer, n.inputs().get(1));
            if (tail != null && tail[0] > 0 && tail[1] > 0 && tail[0] * tail[1] == hidden) {
                votes.merge((int) tail[0], 1, Integer::sum);
            }
        }
        if (votes.isEmpty()) {
            throw new ModelLoadException("cannot find the attention head count in the ONNX graph "
                    + "(no Reshape to [..., heads, head_size] with heads × head_size = " + hidden + ")");
        }
        int heads = votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        double sqrtD = Math.sqrt(hidden / (double) heads);
        boolean scaled = graph.nodes().stream()
                .filter(n -> n.opType().equals("Div") && n.inputs().size() == 2)
                .map(n -> graph.constants().get(n.inputs().get(1)))
                .anyMatch(c -> c != null && c.length == 1 && Math.abs(c[0] - sqrtD) < 1e-4);
        if (!scaled) {
            throw new ModelLoadException("the ONNX graph reshapes to " + heads + " heads but never divides "
                    + "the scores by √" + (hidden / heads) + "; the head count is ambiguous");
        }
        return heads;
    }

    private static double[] lastTwo(OnnxGraph graph, Map<String, Node> producer, String shapeName) {
        double[] c = graph.constants().get(shapeName);
        if (c != null) return c.length >= 2 ? new double[] {c[c.length - 2], c[c.length - 1]} : null;
        Node concat = producer.get(shapeName);
        if (concat == null
                || !concat.opType().equals("Concat")
                || concat.inputs().size() < 2) return null;
        List<String> in = concat.inputs();
        double[] a = graph.constants().get(in.get(in.size() - 2));
        double[] b = graph.constants().get(in.get(in.size() - 1));
        if (a == null || b == null || a.length != 1 || b.length != 1) return null;
        return new double[] {a[0], b[0]};
    }

    /** The epsilon added to the variance before Sqrt in the decomposed LayerNorms; 1e-12 (BERT) if none is found. */
    static double deriveLayerNormEps(OnnxGraph graph) {
        Map<String, Node> producer = new HashMap<>();
        for (Node n : graph.nodes()) for (String out : n.outputs()) producer.put(out, n);
        for (Node n : graph.nodes()) {
            if (!n.opType().equals("Sqrt")) continue;
            Node add = producer.get(n.inputs().get(0));
            if (add == null || !add.opType().equals("Add")) continue;
            for (String in : add.inputs()) {
                double[] c = graph.constants().get(in);
                if (c != null && c.length == 1 && c[0] > 0 && c[0] < 1e-3) {
                    return (float) c[0]; // stored as float32: 1e-12f
                }
            }
        }
        return 1e-12;
    }

    private static Tensor require(Map<String, Tensor> tensors, String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new ModelLoadException("the ONNX graph has no initializer '" + name + "'");
        return t;
    }
}
