"""keras.preprocessing: Keras's older home of the data utilities, kept for scripts that import from it."""

from kerastorch.preprocessing import image
from kerastorch.preprocessing import sequence
from kerastorch.utils.image_dataset_utils import image_dataset_from_directory
from kerastorch.utils.text_dataset_utils import text_dataset_from_directory
from kerastorch.utils.timeseries_dataset_utils import timeseries_dataset_from_array
