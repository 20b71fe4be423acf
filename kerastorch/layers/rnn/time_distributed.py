"""`TimeDistributed`: applies a layer to every temporal slice of an input."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.saving import serialization_lib


class TimeDistributed(Layer):
    """Applies the wrapped layer to every timestep (axis 1) of the input, with the same weights.

    The timesteps are folded into the batch and the layer runs once, which gives the per-timestep numbers
    for any layer that treats samples independently. In training, a layer that draws random numbers (it has a
    `seed_generator`) or normalizes over the batch (`BatchNormalization`) runs once per timestep instead, as in
    Keras, so that each step gets its own draw and its own batch statistics.

    Args:
        layer: A `keras.layers.Layer` instance.
        **kwargs: Base layer keyword arguments, such as `name`.

    Call arguments:
        inputs: `(batch, timesteps, ...)`.
        training: Passed to the wrapped layer.
        mask: Optional `(batch, timesteps, ...)` mask, sliced per timestep for a layer that takes one.

    Example:

    ```python
    outputs = keras.layers.TimeDistributed(keras.layers.Dense(8))(np.zeros((32, 10, 16), "float32"))  # (32, 10, 8)
    ```
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. Received: layer={layer}"
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                f"TimeDistributed '{self.name}' needs an input of rank 3 or more, `(batch, timesteps, ...)`. "
                f"Received: input_shape={input_shape}"
            )
        return (input_shape[0], *input_shape[2:])

    def compute_output_shape(self, input_shape):
        child_output = self.layer.compute_output_shape(self._child_input_shape(input_shape))
        return (child_output[0], input_shape[1], *child_output[1:])

    def build(self, input_shape):
        child_shape = self._child_input_shape(input_shape)
        if not self.layer.built:
            _rnn_utils.build_sublayer(self.layer, child_shape)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if mask is not None:
            if mask.dim() < 2 or tuple(mask.shape[:2]) != tuple(inputs.shape[:2]):
                raise ValueError(
                    f"TimeDistributed '{self.name}': the mask must be at least 2D and start with the input's "
                    f"(batch_size, timesteps) = {tuple(inputs.shape[:2])}. Received: mask.shape={tuple(mask.shape)}"
                )
        signature = self.layer._call_signature()
        kwargs = {"training": training} if signature.accepts_training else {}
        batch, steps = inputs.shape[0], inputs.shape[1]
        if training and self._needs_per_step_calls():
            outputs = []
            for t in range(steps):
                step_kwargs = dict(kwargs)
                if signature.accepts_mask and mask is not None:
                    step_kwargs["mask"] = mask[:, t]
                outputs.append(self.layer.call(inputs[:, t], **step_kwargs))
            return torch.stack(outputs, dim=1)
        if signature.accepts_mask and mask is not None:
            kwargs["mask"] = mask.reshape((batch * steps,) + tuple(mask.shape[2:]))
        outputs = self.layer.call(inputs.reshape((batch * steps,) + tuple(inputs.shape[2:])), **kwargs)
        return outputs.reshape((batch, steps) + tuple(outputs.shape[1:]))

    def _needs_per_step_calls(self):
        return any(
            hasattr(layer, "seed_generator") or "BatchNormalization" in type(layer).__name__
            for layer in self.layer._flatten_layers()
        )

    def get_config(self):
        return {**super().get_config(), "layer": serialization_lib.serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = serialization_lib.deserialize_keras_object(config.pop("layer"), custom_objects=custom_objects)
        return cls(layer, **config)
