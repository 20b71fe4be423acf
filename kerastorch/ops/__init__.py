"""keras.ops: the Keras 3 ops namespace, written directly on torch tensors.

Inputs may be tensors, NumPy arrays or Python numbers; outputs are torch tensors on the default device. Called
on KerasTensors (inside a Functional model definition), an op records a graph node instead
(`symbolic_op.py`). Submodules: `numpy`, `nn`, `math`, `linalg`, `image`, `core`.
"""

from kerastorch.backend.keras_tensor import KerasTensor as _KerasTensor
from kerastorch.ops import core
from kerastorch.ops import image
from kerastorch.ops import linalg
from kerastorch.ops import math
from kerastorch.ops import nn
from kerastorch.ops import numpy
from kerastorch.ops._einops import rearrange
from kerastorch.ops._operators import install as _install_operators
from kerastorch.ops.core import associative_scan
from kerastorch.ops.core import cast
from kerastorch.ops.core import cond
from kerastorch.ops.core import convert_to_numpy
from kerastorch.ops.core import convert_to_tensor
from kerastorch.ops.core import custom_gradient
from kerastorch.ops.core import dtype
from kerastorch.ops.core import fori_loop
from kerastorch.ops.core import is_tensor
from kerastorch.ops.core import map
from kerastorch.ops.core import saturate_cast
from kerastorch.ops.core import scan
from kerastorch.ops.core import scatter
from kerastorch.ops.core import scatter_update
from kerastorch.ops.core import shape
from kerastorch.ops.core import slice
from kerastorch.ops.core import slice_update
from kerastorch.ops.core import stop_gradient
from kerastorch.ops.core import switch
from kerastorch.ops.core import unstack
from kerastorch.ops.core import vectorized_map
from kerastorch.ops.core import while_loop
from kerastorch.ops.linalg import *  # noqa: F401,F403
from kerastorch.ops.math import *  # noqa: F401,F403
from kerastorch.ops.nn import *  # noqa: F401,F403
from kerastorch.ops.numpy import *  # noqa: F401,F403

_install_operators(_KerasTensor)
