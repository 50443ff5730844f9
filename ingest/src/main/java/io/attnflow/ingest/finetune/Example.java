package io.attnflow.ingest.finetune;

/**
 * One labelled, tokenized training or dev sentence.
 *
 * @param where   "file:line", for messages
 * @param ids     token ids, special tokens included
 * @param typeIds token type ids
 * @param label   class index into the label list
 */
public record Example(String where, long[] ids, long[] typeIds, int label) {
    public int length() {
        return ids.length;
    }
}
