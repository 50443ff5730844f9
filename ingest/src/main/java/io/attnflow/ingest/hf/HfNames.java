package io.attnflow.ingest.hf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Hugging Face checkpoint tensor names to the canonical {@code BertModel} names of
 * {@link io.attnflow.ingest.weights.BertWeights}, for BERT (with or without the {@code bert.} prefix, with the
 * sequence-classification and masked-LM heads), RoBERTa and DistilBERT. A name the forward pass has no use for maps
 * to null.
 */
public final class HfNames {
    private HfNames() {}

    private static final Pattern DISTIL_LAYER = Pattern.compile("transformer\\.layer\\.(\\d+)\\.(.+)");

    /** The canonical name for {@code name} in a checkpoint of {@code modelType}, or null when it is not needed. */
    public static String canonical(String modelType, String name) {
        String n = legacyLayerNorm(name);
        return switch (modelType) {
            case "bert" -> bert(strip(n, "bert."));
            case "roberta" -> roberta(strip(n, "roberta."));
            case "distilbert" -> distilbert(strip(n, "distilbert."));
            default -> null;
        };
    }

    /**
     * True for a checkpoint name that is only a fallback for another tensor (a decoder bias duplicated as
     * {@code cls.predictions.bias}); the fallback is used only when the primary is absent.
     */
    public static boolean isFallback(String name) {
        return name.endsWith("predictions.decoder.bias") || name.equals("lm_head.decoder.bias");
    }

    private static String bert(String n) {
        if (n.equals("embeddings.position_ids")) return null;
        if (n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("pooler.")) return n;
        if (n.equals("classifier.weight") || n.equals("classifier.bias")) return n;
        if (n.equals("cls.predictions.decoder.bias")) return "cls.predictions.bias";
        if (n.startsWith("cls.predictions.")) return n;
        return null; // cls.seq_relationship (next-sentence head) and anything else
    }

    private static String roberta(String n) {
        if (n.equals("embeddings.position_ids")) return null;
        if (n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("pooler.")) return n;
        // RobertaClassificationHead = tanh(dense(<s>)) then out_proj: the same computation as BERT's pooler +
        // classifier.
        if (n.startsWith("classifier.dense.")) return "pooler.dense." + n.substring("classifier.dense.".length());
        if (n.startsWith("classifier.out_proj.")) return "classifier." + n.substring("classifier.out_proj.".length());
        if (n.startsWith("lm_head.dense.")) return "cls.predictions.transform.dense." + tail(n, "lm_head.dense.");
        if (n.startsWith("lm_head.layer_norm."))
            return "cls.predictions.transform.LayerNorm." + tail(n, "lm_head.layer_norm.");
        if (n.equals("lm_head.decoder.weight")) return "cls.predictions.decoder.weight";
        if (n.equals("lm_head.bias") || n.equals("lm_head.decoder.bias")) return "cls.predictions.bias";
        return null;
    }

    private static String distilbert(String n) {
        if (n.equals("embeddings.word_embeddings.weight")
                || n.equals("embeddings.position_embeddings.weight")
                || n.startsWith("embeddings.LayerNorm.")) return n;
        Matcher m = DISTIL_LAYER.matcher(n);
        if (m.matches()) {
            String p = "encoder.layer." + m.group(1) + ".";
            String rest = m.group(2);
            String[] map = {
                "attention.q_lin.", "attention.self.query.",
                "attention.k_lin.", "attention.self.key.",
                "attention.v_lin.", "attention.self.value.",
                "attention.out_lin.", "attention.output.dense.",
                "sa_layer_norm.", "attention.output.LayerNorm.",
                "ffn.lin1.", "intermediate.dense.",
                "ffn.lin2.", "output.dense.",
                "output_layer_norm.", "output.LayerNorm."
            };
            for (int i = 0; i < map.length; i += 2) {
                if (rest.startsWith(map[i])) return p + map[i + 1] + rest.substring(map[i].length());
            }
            return null;
        }
        // DistilBertForSequenceClassification: relu(pre_classifier(x0)) then classifier; the heads know the relu.
        if (n.startsWith("pre_classifier.")) return "pooler.dense." + tail(n, "pre_classifier.");
        if (n.equals("classifier.weight") || n.equals("classifier.bias")) return n;
        if (n.startsWith("vocab_transform.")) return "cls.predictions.transform.dense." + tail(n, "vocab_transform.");
        if (n.startsWith("vocab_layer_norm."))
            return "cls.predictions.transform.LayerNorm." + tail(n, "vocab_layer_norm.");
        if (n.equals("vocab_projector.weight")) return "cls.predictions.decoder.weight";
        if (n.equals("vocab_projector.bias")) return "cls.predictions.bias";
        return null;
    }

    /** TF-converted checkpoints name LayerNorm parameters gamma/beta. */
    private static String legacyLayerNorm(String n) {
        if (n.endsWith("LayerNorm.gamma")) return n.substring(0, n.length() - 5) + "weight";
        if (n.endsWith("LayerNorm.beta")) return n.substring(0, n.length() - 4) + "bias";
        return n;
    }

    private static String strip(String n, String prefix) {
        return n.startsWith(prefix) ? n.substring(prefix.length()) : n;
    }

    private static String tail(String n, String prefix) {
        return n.substring(prefix.length());
    }
}
