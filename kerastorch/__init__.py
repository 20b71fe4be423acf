"""kerastorch: the Keras 3 public API, implemented natively on PyTorch.

`import kerastorch as keras`, then write Keras. Every layer is a `torch.nn.Module`.
"""

from kerastorch import backend
from kerastorch import saving
from kerastorch import utils
from kerastorch import activations
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch import constraints

__version__ = "0.1.0"
