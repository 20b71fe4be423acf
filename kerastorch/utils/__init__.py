"""keras.utils: helpers a Keras script reaches for."""

import importlib

from kerastorch.utils.data_packing import pack_x_y_sample_weight
from kerastorch.utils.data_packing import unpack_x_y_sample_weight
from kerastorch.utils.dataset_utils import split_dataset
from kerastorch.utils.file_utils import get_file
from kerastorch.utils.image_dataset_utils import image_dataset_from_directory
from kerastorch.utils.image_utils import array_to_img
from kerastorch.utils.image_utils import img_to_array
from kerastorch.utils.image_utils import load_img
from kerastorch.utils.image_utils import save_img
from kerastorch.utils.io_utils import disable_interactive_logging
from kerastorch.utils.io_utils import enable_interactive_logging
from kerastorch.utils.io_utils import is_interactive_logging_enabled
from kerastorch.utils.model_visualization import model_to_dot
from kerastorch.utils.model_visualization import plot_model
from kerastorch.utils.numerical_utils import normalize
from kerastorch.utils.numerical_utils import to_categorical
from kerastorch.utils.progbar import Progbar
from kerastorch.utils.py_dataset import PyDataset
from kerastorch.utils.py_dataset import Sequence
from kerastorch.utils.rng_utils import set_random_seed
from kerastorch.utils.sequence_utils import pad_sequences
from kerastorch.utils.source_inputs import get_source_inputs
from kerastorch.utils.text_dataset_utils import text_dataset_from_directory
from kerastorch.utils.timeseries_dataset_utils import timeseries_dataset_from_array


# Names kept elsewhere in kerastorch, served on first access: the backend and saving import `kerastorch.utils`
# while they load, so importing them here eagerly would be circular.
_ELSEWHERE = {
    "CustomObjectScope": "kerastorch.saving.object_registration",
    "clear_session": "kerastorch.backend.session",
    "custom_object_scope": "kerastorch.saving.object_registration",
    "deserialize_keras_object": "kerastorch.saving.serialization_lib",
    "get_custom_objects": "kerastorch.saving.object_registration",
    "get_registered_name": "kerastorch.saving.object_registration",
    "get_registered_object": "kerastorch.saving.object_registration",
    "is_keras_tensor": "kerastorch.backend.keras_tensor",
    "register_keras_serializable": "kerastorch.saving.object_registration",
    "serialize_keras_object": "kerastorch.saving.serialization_lib",
    "standardize_dtype": "kerastorch.backend.dtypes",
}


def __getattr__(name):
    if name not in _ELSEWHERE:
        raise AttributeError(f"module 'kerastorch.utils' has no attribute '{name}'")
    value = getattr(importlib.import_module(_ELSEWHERE[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_ELSEWHERE))
