"""Data adapters: turn whatever the user passes to fit / evaluate / predict into batches of tensors.

Every adapter has `num_batches` (an int, or None when unknown), `get_iterator()` (the batches of one pass,
each a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)`), and `one_shot` (True when the data can be read
only once, as from a generator). PyDataset adapters also have `on_epoch_begin` / `on_epoch_end`.
"""

import types
import warnings

import torch

from kerastorch.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from kerastorch.trainers.data_adapters.data_adapter_utils import check_data_cardinality
from kerastorch.trainers.data_adapters.data_adapter_utils import is_array_structure
from kerastorch.trainers.data_adapters.data_adapter_utils import pack_x_y_sample_weight
from kerastorch.trainers.data_adapters.data_adapter_utils import train_validation_split
from kerastorch.trainers.data_adapters.data_adapter_utils import unpack_x_y_sample_weight
from kerastorch.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from kerastorch.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from kerastorch.trainers.data_adapters.torch_data_loader_adapter import TorchDataLoaderAdapter
from kerastorch.utils.py_dataset import PyDataset


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                     class_weight=None):
    """The adapter for `x`: arrays and tensors (and lists / dicts of them), a PyDataset, a torch DataLoader or
    Dataset, or a Python generator / iterator."""
    if is_array_structure(x):
        return ArrayDataAdapter(x, y, sample_weight=sample_weight, batch_size=batch_size, steps=steps_per_epoch,
                                shuffle=shuffle, class_weight=class_weight)
    if isinstance(x, PyDataset):
        _reject_separate_targets(x, y, sample_weight, "PyDataset")
        if shuffle and getattr(x, "num_batches", None) is None:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was provided as an infinite "
                "PyDataset. The PyDataset is expected to already be shuffled.",
                stacklevel=3,
            )
        return PyDatasetAdapter(x, class_weight=class_weight, shuffle=shuffle)
    if isinstance(x, torch.utils.data.DataLoader):
        _reject_separate_targets(x, y, sample_weight, "torch DataLoader")
        _reject_class_weight(class_weight, "torch DataLoader")
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was provided as a torch "
                "DataLoader. The DataLoader is expected to already be shuffled.",
                stacklevel=3,
            )
        return TorchDataLoaderAdapter(x)
    if isinstance(x, torch.utils.data.Dataset):
        _reject_separate_targets(x, y, sample_weight, "torch Dataset")
        _reject_class_weight(class_weight, "torch Dataset")
        return TorchDataLoaderAdapter.from_dataset(x, batch_size=batch_size, shuffle=shuffle)
    if isinstance(x, types.GeneratorType) or (hasattr(x, "__next__") and hasattr(x, "__iter__")):
        _reject_separate_targets(x, y, sample_weight, "generator")
        _reject_class_weight(class_weight, "Python generator")
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was provided as a generator. "
                "The generator is expected to yield already-shuffled data.",
                stacklevel=3,
            )
        return GeneratorDataAdapter(x)
    raise ValueError(
        "Unrecognized data type for `x`: expected NumPy arrays or torch tensors (or lists / dicts of them), a "
        "`keras.utils.PyDataset`, a `torch.utils.data.DataLoader` or `Dataset`, or a Python generator. "
        f"Received: x of type {type(x).__name__}"
    )


def _reject_separate_targets(x, y, sample_weight, kind):
    for name, value, what in (("y", y, "the targets"), ("sample_weight", sample_weight, "the sample weights")):
        if value is not None:
            raise ValueError(
                f"When providing `x` as a {kind}, `{name}` should not be passed. Instead, {what} should be "
                f"included as part of the {kind}. Received: {name} of type {type(value).__name__}"
            )


def _reject_class_weight(class_weight, kind):
    if class_weight is not None:
        raise ValueError(
            f"Argument `class_weight` is not supported for {kind} inputs. Return `(inputs, targets, "
            f"sample_weights)` batches instead. Received: class_weight={class_weight}"
        )
