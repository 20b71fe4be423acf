"""Data adapters: turn whatever the user passes to fit / evaluate / predict into batches of tensors."""

from kerastorch.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from kerastorch.trainers.data_adapters.data_adapter_utils import check_data_cardinality
from kerastorch.trainers.data_adapters.data_adapter_utils import is_array_structure
from kerastorch.trainers.data_adapters.data_adapter_utils import pack_x_y_sample_weight
from kerastorch.trainers.data_adapters.data_adapter_utils import train_validation_split
from kerastorch.trainers.data_adapters.data_adapter_utils import unpack_x_y_sample_weight


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                     class_weight=None):
    """The adapter for `x`: arrays and tensors (and lists / dicts of them)."""
    if is_array_structure(x):
        return ArrayDataAdapter(x, y, sample_weight=sample_weight, batch_size=batch_size, shuffle=shuffle,
                                class_weight=class_weight)
    raise ValueError(
        "Unrecognized data type for `x`: expected NumPy arrays, torch tensors, or lists / dicts of them. "
        f"Received: x of type {type(x).__name__}"
    )
