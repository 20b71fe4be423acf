"""`keras.distribution`: scale `fit`, `evaluate` and `predict` across processes with torch.distributed."""

from kerastorch.distribution.distribution_lib import DataParallel
from kerastorch.distribution.distribution_lib import DeviceMesh
from kerastorch.distribution.distribution_lib import LayoutMap
from kerastorch.distribution.distribution_lib import ModelParallel
from kerastorch.distribution.distribution_lib import TensorLayout
from kerastorch.distribution.distribution_lib import distribute_tensor
from kerastorch.distribution.distribution_lib import distribution
from kerastorch.distribution.distribution_lib import get_device_count
from kerastorch.distribution.distribution_lib import initialize
from kerastorch.distribution.distribution_lib import list_devices
from kerastorch.distribution.distribution_lib import set_distribution
