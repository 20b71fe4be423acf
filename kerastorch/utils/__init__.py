"""keras.utils: helpers a Keras script reaches for."""

from kerastorch.utils.dataset_utils import split_dataset
from kerastorch.utils.file_utils import get_file
from kerastorch.utils.image_dataset_utils import image_dataset_from_directory
from kerastorch.utils.model_visualization import model_to_dot
from kerastorch.utils.model_visualization import plot_model
from kerastorch.utils.numerical_utils import normalize
from kerastorch.utils.numerical_utils import to_categorical
from kerastorch.utils.progbar import Progbar
from kerastorch.utils.py_dataset import PyDataset
from kerastorch.utils.py_dataset import Sequence
from kerastorch.utils.rng_utils import set_random_seed
from kerastorch.utils.sequence_utils import pad_sequences
from kerastorch.utils.text_dataset_utils import text_dataset_from_directory
from kerastorch.utils.timeseries_dataset_utils import timeseries_dataset_from_array
