"""IMDB movie reviews: 25,000 train and 25,000 test reviews labelled positive (1) or negative (0), each a list
of word indices (a word's index is its frequency rank)."""

import json

import numpy as np

from kerastorch.datasets import _origins
from kerastorch.datasets import _sequences
from kerastorch.datasets._npz import load_npz
from kerastorch.utils.file_utils import get_file


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
              index_from=3, **kwargs):
    """Loads the IMDB dataset, downloading it once into `$KERAS_HOME/datasets`.

    Args:
        path: The file name in the cache.
        num_words: Keep the `num_words` most frequent words; rarer ones become `oov_char`.
        skip_top: The most frequent words to skip (they become `oov_char` too).
        maxlen: Drop the reviews with `maxlen` words or more.
        seed: Seed of the shuffle applied to train and test reviews.
        start_char: Index marking the start of each review (0 is padding); None for no marker.
        oov_char: Index that replaces the words cut out by `num_words` / `skip_top`; None drops them.
        index_from: Offset added to every word index.
        **kwargs: Ignored (backward compatibility).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of ints, and int64 labels.
    """
    del kwargs  # accepted for backward compatibility, as in Keras
    path = get_file(fname=path, origin=f"{_origins.KERAS_DATASETS}imdb.npz",
                    file_hash="69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f")
    arrays = load_npz(path)
    x_train, labels_train = arrays["x_train"], arrays["y_train"]
    x_test, labels_test = arrays["x_test"], arrays["y_test"]
    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]
    x_train = _sequences.shift_indices(x_train, start_char, index_from)
    x_test = _sequences.shift_indices(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = _sequences.remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = _sequences.remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. "
                             f"Increase maxlen. Received: maxlen={maxlen}")
    sequences = _sequences.limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    split = len(x_train)
    return ((_object_array(sequences[:split]), labels[:split]),
            (_object_array(sequences[split:]), labels[split:]))


def _object_array(sequences):
    # Built element by element: np.array(list_of_lists) would make a 2-D array when all lengths agree.
    array = np.empty(len(sequences), dtype="object")
    array[:] = sequences
    return array


def get_word_index(path="imdb_word_index.json"):
    """The word index: `{word: index}` (indices before `index_from` is added)."""
    path = get_file(fname=path, origin=f"{_origins.KERAS_DATASETS}imdb_word_index.json",
                    file_hash="bfafd718b763782e994055a2d397834f")
    with open(path) as handle:
        return json.load(handle)
