"""The one backend: configuration, dtypes, device placement and random seeds, all on torch."""

from kerastorch.backend import config
from kerastorch.backend.config import backend
from kerastorch.backend.config import epsilon
from kerastorch.backend.config import floatx
from kerastorch.backend.config import image_data_format
from kerastorch.backend.config import set_epsilon
from kerastorch.backend.config import set_floatx
from kerastorch.backend.config import set_image_data_format
from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.device import get_device
from kerastorch.backend.device import set_device
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype

config.load()
