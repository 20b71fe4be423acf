"""keras.mixed_precision: the global dtype policy (`"mixed_float16"`, `"mixed_bfloat16"`) and loss scaling.

Under a mixed policy layers keep float32 weights and the trainer runs the forward pass under
`torch.autocast` in the compute dtype; with mixed_float16, `compile` wraps the optimizer in a
`LossScaleOptimizer` as Keras does.
"""

from kerastorch.dtype_policies import DTypePolicy
from kerastorch.dtype_policies import DTypePolicy as Policy
from kerastorch.dtype_policies import dtype_policy
from kerastorch.dtype_policies import set_dtype_policy


def set_global_policy(policy):
    """Sets the policy new layers take by default."""
    set_dtype_policy(policy)


def global_policy():
    """The policy new layers take by default."""
    return dtype_policy()


def __getattr__(name):
    # The optimizer package imports the model stack; resolve LossScaleOptimizer only when asked for.
    if name == "LossScaleOptimizer":
        from kerastorch.optimizers import LossScaleOptimizer

        return LossScaleOptimizer
    raise AttributeError(f"module 'kerastorch.mixed_precision' has no attribute '{name}'")
