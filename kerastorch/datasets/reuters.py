"""Reuters newswires: 11,228 newswires labelled with one of 46 topics, each a list of word indices."""

import json

import numpy as np

from kerastorch.datasets import _origins
from kerastorch.datasets import _sequences
from kerastorch.datasets._npz import load_npz
from kerastorch.datasets.imdb import _object_array
from kerastorch.utils.file_utils import get_file

_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar",
    "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
    "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog",
    "lead",
)


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1,
              oov_char=2, index_from=3):
    """Loads the Reuters newswire dataset, downloading it once into `$KERAS_HOME/datasets`.

    Args:
        path: The file name in the cache.
        num_words, skip_top, maxlen, start_char, oov_char, index_from: As in `imdb.load_data`.
        test_split: Fraction of the (shuffled) newswires used for testing.
        seed: Seed of the shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of ints, and int64 topic labels.
    """
    path = get_file(fname=path, origin=f"{_origins.KERAS_DATASETS}reuters.npz",
                    file_hash="d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916")
    arrays = load_npz(path)
    xs, labels = arrays["x"], arrays["y"]
    order = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(order)
    xs, labels = xs[order], labels[order]
    xs = _sequences.shift_indices(xs, start_char, index_from)
    if maxlen:
        xs, labels = _sequences.remove_long_seq(maxlen, xs, labels)
    xs = _sequences.limit_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    return ((_object_array(xs[:split]), np.array(labels[:split])),
            (_object_array(xs[split:]), np.array(labels[split:])))


def get_word_index(path="reuters_word_index.json"):
    """The word index: `{word: index}` (indices before `index_from` is added)."""
    path = get_file(path, origin=f"{_origins.KERAS_DATASETS}reuters_word_index.json",
                    file_hash="4d44cc38712099c9e383dc6e5f11a921")
    with open(path) as handle:
        return json.load(handle)


def get_label_names():
    """The 46 topic names, indexed by label."""
    return _LABEL_NAMES
