"""`GroupNormalization`: normalizes each sample over groups of channels."""

import torch.nn.functional as F

from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization._utils import check_axes_in_bounds
from kerastorch.layers.normalization._utils import upcast


class GroupNormalization(Layer):
    """Splits the channels into `groups` contiguous groups and normalizes each sample within each group (over
    the group's channels and all the other non-batch axes), then applies a per-channel `gamma` and `beta`.

    `groups=1` is Layer Normalization over all the non-batch axes; `groups=-1` (one channel per group) is
    Instance Normalization. The fused `group_norm` kernel does the work, on a `movedim` view of the input.

    Args:
        groups: Positive int dividing the number of channels, or `-1` for one group per channel (after
            building, `groups` holds the resolved count, as in Keras).
        axis: Int, the channels axis.
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add the learned offset `beta`.
        scale: Whether to multiply by the learned scale `gamma`.
        beta_initializer, gamma_initializer: Initializers (`"zeros"`, `"ones"`).
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary, with a known size along `axis`.

    Output shape:
        Same as the input.

    Weights:
        `gamma`, then `beta`, each of shape `(input_shape[axis],)`.
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(groups, bool) or not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ValueError(
                f"GroupNormalization layer '{self.name}': `groups` must be a positive integer, or -1 for "
                f"instance normalization. Received: groups={groups!r}"
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"GroupNormalization layer '{self.name}': `axis` must be an int. Received: axis={axis!r}")
        self.supports_masking = True
        self.autocast = False
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        check_axes_in_bounds(self, self.axis, input_shape)
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"GroupNormalization layer '{self.name}' needs the size of axis {self.axis} of its input to be "
                f"known. Received: input_shape={tuple(input_shape)}"
            )
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups or dim % self.groups:
            raise ValueError(
                f"GroupNormalization layer '{self.name}': the number of channels ({dim}) must be a multiple of "
                f"the number of groups. Received: groups={self.groups}"
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        if self.scale:
            self.gamma = self.add_weight(shape=(dim,), name="gamma", initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight(shape=(dim,), name="beta", initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.built = True

    def call(self, inputs):
        x = upcast(inputs)
        axis = self.axis % x.ndim
        moved = x if axis == 1 else x.movedim(axis, 1)
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        beta = None if self.beta is None else self.beta.to(x.dtype)
        if gamma is None and beta is not None:
            # torch's group_norm backward fails on a bias without a weight: add the offset outside it.
            outputs = F.group_norm(moved, self.groups, None, None, self.epsilon)
            outputs = outputs + beta.reshape((1, -1) + (1,) * (moved.ndim - 2))
        else:
            outputs = F.group_norm(moved, self.groups, gamma, beta, self.epsilon)
        outputs = outputs if axis == 1 else outputs.movedim(1, axis)
        return outputs.to(self._compute_torch_dtype)

    def compute_output_shape(self, input_shape):
        return check_axes_in_bounds(self, self.axis, input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }

    def extra_repr(self):
        return f"name={self.name!r}, groups={self.groups}, axis={self.axis}"
