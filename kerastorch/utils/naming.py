"""Keras's automatic names: `dense`, `dense_1`, ... counted per base name until `clear_session()`."""

import collections
import re

_counts = collections.defaultdict(int)


def to_snake_case(name):
    """`"MyDense"` -> `"my_dense"`, as Keras derives default layer names from class names."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def uniquify(base):
    """The next free name for `base`: the first use is `base`, then `base_1`, `base_2`, ..."""
    name = f"{base}_{_counts[base]}" if base in _counts else base
    _counts[base] += 1
    return name


def auto_name(class_name):
    return uniquify(to_snake_case(class_name))


def reset_names():
    _counts.clear()


def get_uid(prefix=""):
    """Counts calls per prefix: 1, 2, ... (`keras.backend.get_uid`)."""
    _counts[prefix] += 1
    return _counts[prefix]
