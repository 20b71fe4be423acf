"""kerastorch: the Keras 3 public API, implemented natively on PyTorch.

`import kerastorch as keras`, then write Keras. Every layer is a `torch.nn.Module`.

Top-level names, as in Keras: the namespaces (`keras.layers`, `keras.ops`, `keras.tree`, `keras.preprocessing`,
...), the base classes (`Layer`, `Model`, `Sequential`, `Functional`, `Loss`, `Metric`, `Optimizer`,
`Initializer`, `Regularizer`, `Variable`, `KerasTensor`, `DTypePolicy`), `Input`, `InputSpec`, `name_scope`,
`device` and `version()`. `keras.version()` is the Keras version kerastorch follows ("3.15.1");
`kerastorch.__version__` is this package's own.
"""

from kerastorch import backend
from kerastorch import config
from kerastorch import saving
from kerastorch import utils
from kerastorch import activations
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch import constraints
from kerastorch import optimizers
from kerastorch import losses
from kerastorch import metrics
from kerastorch import dtype_policies
from kerastorch import layers
from kerastorch import models
from kerastorch import random
from kerastorch import ops
from kerastorch import callbacks
from kerastorch import mixed_precision
from kerastorch import datasets
from kerastorch import distribution
from kerastorch import preprocessing
from kerastorch import tree
from kerastorch.drop_in import install_shims
from kerastorch.backend.device import device
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.variable import Variable
from kerastorch.dtype_policies import DTypePolicy
from kerastorch.initializers import Initializer
from kerastorch.layers import Input
from kerastorch.layers import InputSpec
from kerastorch.layers import Layer
from kerastorch.layers.name_scope import name_scope
from kerastorch.losses import Loss
from kerastorch.metrics import Metric
from kerastorch.models import Functional
from kerastorch.models import Model
from kerastorch.models import Sequential
from kerastorch.optimizers import Optimizer
from kerastorch.regularizers import Regularizer
from kerastorch.utils.version_utils import version

__version__ = "0.1.0"
