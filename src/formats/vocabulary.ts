/**
 * A vocabulary (`winnow vocab -o vocab.bin`): token counts of a corpus, binary. Its encoding lives
 * with the counting (vocab/vocabulary.ts); this is the owner the verbs import.
 */
export {
  VOCAB_MAGIC as VOCABULARY_VERSION,
  decodeVocabulary as parseVocabulary,
  encodeVocabulary as serializeVocabulary,
  vocabularyHash,
  type Vocabulary,
} from '../vocab/vocabulary.ts';
