"""`PReLU`: a leaky ReLU whose negative slope is learned."""

import torch

from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class PReLU(Layer):
    """Parametric rectified linear unit: `x` for `x >= 0`, `alpha * x` otherwise, with `alpha` learned.

    Args:
        alpha_initializer: Initializer of `alpha` (default `"Zeros"`: the layer starts as a plain ReLU).
        alpha_regularizer: Optional regularizer of `alpha`.
        alpha_constraint: Optional constraint on `alpha`.
        shared_axes: Axes (counting the batch as 0) along which one slope is shared, e.g. `[1, 2]` for one
            slope per channel of `(batch, height, width, channels)` feature maps.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary, with every non-batch axis known.

    Output shape:
        Same as the input.

    Weights:
        `alpha`, shaped like one sample with the shared axes set to 1.
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(input_shape):
                raise ValueError(
                    f"PReLU layer '{self.name}': every shared axis must be a non-batch axis of the input "
                    f"(1 to {len(input_shape) - 1}). Received: shared_axes={self.shared_axes}, "
                    f"input_shape={tuple(input_shape)}"
                )
            param_shape[axis - 1] = 1
        if any(size is None for size in param_shape):
            raise ValueError(
                f"PReLU layer '{self.name}' needs every non-shared, non-batch axis of its input to be known. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.alpha = self.add_weight(shape=param_shape, name="alpha", initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        axes = {i: input_shape[i] for i in range(1, len(input_shape)) if i not in (self.shared_axes or ())}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        # relu(x) - alpha * relu(-x), as Keras computes it, so the gradient at 0 matches too.
        return torch.relu(inputs) - self.alpha * torch.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }
