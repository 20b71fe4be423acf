"""`LayerNormalization`: normalizes each sample over its feature axes."""

import warnings

import torch
import torch.nn.functional as F

from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization._utils import check_axes_in_bounds
from kerastorch.layers.normalization._utils import is_trailing
from kerastorch.layers.normalization._utils import positive_axes
from kerastorch.layers.normalization._utils import upcast


class LayerNormalization(Layer):
    """Normalizes each sample independently over `axis` (not over the batch, unlike BatchNormalization):
    `gamma * (x - mean) / sqrt(variance + epsilon) + beta`, with the mean and (biased) variance taken over
    `axis`. The statistics are computed in at least float32.

    When `axis` is the last axis (or the last few, in order) the fused `layer_norm` kernel does the work.

    Args:
        axis: Int or list of ints, the axes to normalize over (default the last one).
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add the learned offset `beta`.
        scale: Whether to multiply by the learned scale `gamma`.
        beta_initializer, gamma_initializer: Initializers (`"zeros"`, `"ones"`).
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.
        **kwargs: Base layer keyword arguments. `rms_scaling=True` (deprecated, as in Keras) divides by
            `sqrt(variance + epsilon)` without centering and drops `beta`; use `RMSNormalization` instead.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Weights:
        `gamma`, then `beta`, each shaped like the input along `axis`.
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated: it divides by the standard deviation, not by "
                "the root mean square. Use `keras.layers.RMSNormalization` for RMS normalization.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                f"LayerNormalization layer '{self.name}': `axis` must be an int or a list/tuple of ints. "
                f"Received: axis={axis!r}"
            )
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        # Statistics are computed in float32 whatever the policy; inputs are not cast on the way in.
        self.autocast = False
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        check_axes_in_bounds(self, self.axis, input_shape)
        # As Keras: after building, `axis` is a sorted list (also in get_config()).
        self.axis = sorted(self.axis) if isinstance(self.axis, (list, tuple)) else [self.axis]
        shape = tuple(input_shape[dim] for dim in self.axis)
        if any(size is None for size in shape):
            raise ValueError(
                f"LayerNormalization layer '{self.name}' needs the sizes of the normalized axes to be known. "
                f"Received: input_shape={tuple(input_shape)}, axis={self.axis}"
            )
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(name="gamma", shape=shape, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(name="beta", shape=shape, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.built = True

    def call(self, inputs):
        x = upcast(inputs)
        axes = positive_axes(self.axis, x.ndim)
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        beta = None if self.beta is None else self.beta.to(x.dtype)
        if not self.rms_scaling and is_trailing(axes, x.ndim):
            outputs = F.layer_norm(x, tuple(x.shape[a] for a in axes), gamma, beta, self.epsilon)
        else:
            shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
            if self.rms_scaling:
                outputs = x * torch.rsqrt(torch.var(x, dim=axes, keepdim=True, correction=0) + self.epsilon)
                if gamma is not None:
                    outputs = outputs * gamma.reshape(shape)
            else:
                variance, mean = torch.var_mean(x, dim=axes, keepdim=True, correction=0)
                factor = torch.rsqrt(variance + self.epsilon)
                if gamma is not None:
                    factor = factor * gamma.reshape(shape)
                offset = -mean * factor
                if beta is not None:
                    offset = offset + beta.reshape(shape)
                outputs = x * factor + offset
        return outputs.to(self._compute_torch_dtype)

    def compute_output_shape(self, input_shape):
        return check_axes_in_bounds(self, self.axis, input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }

    def extra_repr(self):
        return f"name={self.name!r}, axis={self.axis}, epsilon={self.epsilon}"
