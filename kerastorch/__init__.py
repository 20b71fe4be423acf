"""kerastorch: the Keras 3 public API, implemented natively on PyTorch.

`import kerastorch as keras`, then write Keras. Every layer is a `torch.nn.Module`.
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
from kerastorch.drop_in import install_shims
from kerastorch.backend.variable import Variable
from kerastorch.dtype_policies import DTypePolicy
from kerastorch.layers import Input
from kerastorch.layers import InputSpec
from kerastorch.layers import Layer
from kerastorch.models import Functional
from kerastorch.models import Model
from kerastorch.models import Sequential
from kerastorch.optimizers import Optimizer

__version__ = "0.1.0"
