"""What imdb and reuters share: shifting word indices, dropping long sequences, replacing rare words."""


def shift_indices(sequences, start_char, index_from):
    """Each sequence's indices shifted by `index_from`, preceded by `start_char` when it is not None."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in seq] for seq in sequences]
    if index_from:
        return [[w + index_from for w in seq] for seq in sequences]
    return [[w for w in seq] for seq in sequences]


def remove_long_seq(maxlen, sequences, labels):
    """Only the sequences shorter than `maxlen` (strictly, as Keras), with their labels."""
    kept, kept_labels = [], []
    for sequence, label in zip(sequences, labels):
        if len(sequence) < maxlen:
            kept.append(sequence)
            kept_labels.append(label)
    return kept, kept_labels


def limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Words outside `[skip_top, num_words)` become `oov_char`, or are dropped when it is None."""
    if not num_words:
        num_words = max(max(seq) for seq in sequences)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in seq] for seq in sequences]
    return [[w for w in seq if skip_top <= w < num_words] for seq in sequences]
