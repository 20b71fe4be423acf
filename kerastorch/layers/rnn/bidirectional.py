"""`Bidirectional`: runs a recurrent layer forwards and a copy of it backwards, and merges their outputs."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.saving import serialization_lib

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs.

    The wrapped layer runs forwards (a copy named `forward_<name>`) and a second copy, or `backward_layer`,
    runs with `go_backwards=True` (named `backward_<name>`); the backward outputs are flipped back in time and
    merged with the forward ones. With `return_sequences`, masked timesteps output zeros in both directions
    (`zero_output_for_mask` is set), so the merge does not mix in stale outputs.

    Args:
        layer: A recurrent layer instance (`LSTM`, `GRU`, `SimpleRNN`, `RNN` ...).
        merge_mode: How the two outputs combine: `"concat"` (default), `"sum"`, `"mul"`, `"ave"`, or None
            (a list of both).
        weights: Accepted for compatibility; as in Keras 3 it is not applied.
        backward_layer: Optional recurrent layer for the backward direction; it must have
            `go_backwards=True` and the same `stateful`, `return_sequences` and `return_state` as `layer`.
        **kwargs: Base layer keyword arguments, such as `name`.

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: Optional list: the forward layer's states, then the backward layer's.
        mask: Optional boolean `(batch, timesteps)`.
        training: Whether dropout applies.

    Output shape:
        The merged output; with `return_state`, followed by the forward then the backward states.

    Example:

    ```python
    outputs = keras.layers.Bidirectional(keras.layers.LSTM(8))(np.zeros((4, 10, 3), "float32"))  # (4, 16)
    ```
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance. Received: layer={layer}"
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                f"`backward_layer` needs to be a `keras.layers.Layer` instance. Received: backward_layer={backward_layer}"
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                "Invalid merge mode: it should be one of 'sum', 'mul', 'ave', 'concat' or None. "
                f"Received: merge_mode={merge_mode!r}"
            )
        super().__init__(**kwargs)
        self.forward_layer = _copy_layer(layer, f"forward_{_removeprefix(layer.name, 'forward_')}")
        if backward_layer is None:
            backward_layer = _copy_layer(layer, f"backward_{_removeprefix(layer.name, 'backward_')}",
                                         go_backwards=True)
        self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify_layer_config()
        for direction in (self.forward_layer, self.backward_layer):
            if getattr(direction, "zero_output_for_mask", None) is not None:
                direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self.initial_weights = weights
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self):
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                f"Bidirectional '{self.name}': the forward and backward layers must have different `go_backwards` "
                f"values. Received: forward_layer.go_backwards={forward.go_backwards}, "
                f"backward_layer.go_backwards={backward.go_backwards}"
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            if getattr(forward, attribute) != getattr(backward, attribute):
                raise ValueError(
                    f"Bidirectional '{self.name}': the forward and backward layers must have the same "
                    f"`{attribute}`. Received: forward_layer.{attribute}={getattr(forward, attribute)}, "
                    f"backward_layer.{attribute}={getattr(backward, attribute)}"
                )

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        output_shape = self.forward_layer.compute_output_shape(sequences_shape)
        if self.return_state:
            output_shape, state_shape = output_shape[0], tuple(output_shape[1:])
        if self.merge_mode == "concat":
            output_shape = tuple(output_shape[:-1]) + (output_shape[-1] * 2,)
        elif self.merge_mode is None:
            output_shape = [output_shape, output_shape]
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output_shape) + state_shape + state_shape
            return (output_shape,) + state_shape + state_shape
        return output_shape if self.merge_mode is not None else tuple(output_shape)

    def build(self, sequences_shape, initial_state_shape=None):
        for direction in (self.forward_layer, self.backward_layer):
            if not direction.built:
                _rnn_utils.build_sublayer(direction, sequences_shape)
        self.built = True

    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {}
        if self.forward_layer._call_signature().accepts_training:
            kwargs["training"] = training
        if self.forward_layer._call_signature().accepts_mask:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = list(initial_state[:half]), list(initial_state[half:])
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = torch.flip(y_rev, dims=[1])
        if self.merge_mode == "concat":
            output = torch.cat([y, y_rev], dim=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = (y, y_rev)
        if self.return_state:
            return (output + states) if self.merge_mode is None else (output,) + states
        return output

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        if not self.stateful:
            raise AttributeError(f"Bidirectional '{self.name}': reset_state() needs a stateful layer.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    @property
    def states(self):
        if self.forward_layer.states and self.backward_layer.states:
            return tuple(self.forward_layer.states) + tuple(self.backward_layer.states)
        return None

    def compute_mask(self, _, mask):
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_sequences:
            output_mask = mask if self.merge_mode else (mask, mask)
        else:
            output_mask = None if self.merge_mode else (None, None)
        if self.return_state and self.states is not None:
            state_mask = tuple(None for _ in self.states)
            return (output_mask,) + state_mask * 2
        return output_mask

    def get_config(self):
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialization_lib.serialize_keras_object(self.forward_layer),
            "backward_layer": serialization_lib.serialize_keras_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["layer"] = serialization_lib.deserialize_keras_object(config["layer"], custom_objects=custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = serialization_lib.deserialize_keras_object(backward,
                                                                                   custom_objects=custom_objects)
        return cls(**config)


def _removeprefix(text, prefix):
    return text[len(prefix):] if text.startswith(prefix) else text


def _copy_layer(layer, name, **overrides):
    config = serialization_lib.serialize_keras_object(layer)
    config["config"] = {**config["config"], "name": name, **overrides}
    return serialization_lib.deserialize_keras_object(config)
