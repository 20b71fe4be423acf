"""keras.layers: every public layer class, re-exported by name."""

from kerastorch.layers.activations.activation import Activation
from kerastorch.layers.activations.elu import ELU
from kerastorch.layers.activations.leaky_relu import LeakyReLU
from kerastorch.layers.activations.prelu import PReLU
from kerastorch.layers.activations.relu import ReLU
from kerastorch.layers.activations.softmax import Softmax
from kerastorch.layers.core.dense import Dense
from kerastorch.layers.core.einsum_dense import EinsumDense
from kerastorch.layers.core.embedding import Embedding
from kerastorch.layers.core.identity import Identity
from kerastorch.layers.core.input_layer import Input
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.layers.core.lambda_layer import Lambda
from kerastorch.layers.core.masking import Masking
from kerastorch.layers.core.torch_module_wrapper import TorchModuleWrapper
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.merging.add import Add
from kerastorch.layers.merging.add import add
from kerastorch.layers.merging.average import Average
from kerastorch.layers.merging.average import average
from kerastorch.layers.merging.concatenate import Concatenate
from kerastorch.layers.merging.concatenate import concatenate
from kerastorch.layers.merging.dot import Dot
from kerastorch.layers.merging.dot import dot
from kerastorch.layers.merging.maximum import Maximum
from kerastorch.layers.merging.maximum import maximum
from kerastorch.layers.merging.minimum import Minimum
from kerastorch.layers.merging.minimum import minimum
from kerastorch.layers.merging.multiply import Multiply
from kerastorch.layers.merging.multiply import multiply
from kerastorch.layers.merging.subtract import Subtract
from kerastorch.layers.merging.subtract import subtract
from kerastorch.layers.regularization.dropout import Dropout
from kerastorch.layers.reshaping.flatten import Flatten
from kerastorch.layers.reshaping.permute import Permute
from kerastorch.layers.reshaping.repeat_vector import RepeatVector
from kerastorch.layers.reshaping.reshape import Reshape

# Layer families re-export their public classes through their own `__all__`.
from kerastorch.layers.attention import *  # noqa: E402,F401,F403
from kerastorch.layers.convolutional import *  # noqa: E402,F401,F403
from kerastorch.layers.normalization import *  # noqa: E402,F401,F403
from kerastorch.layers.pooling import *  # noqa: E402,F401,F403
from kerastorch.layers.preprocessing import *  # noqa: E402,F401,F403
from kerastorch.layers.regularization import *  # noqa: E402,F401,F403
from kerastorch.layers.reshaping import *  # noqa: E402,F401,F403
from kerastorch.layers.rnn import *  # noqa: E402,F401,F403


def serialize(layer):
    """The serialization dict of `layer` (`{"module", "class_name", "config", "registered_name"}`)."""
    from kerastorch.saving import serialization_lib  # noqa: PLC0415 - saving reaches back into layers

    return serialization_lib.serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """The layer a serialization dict describes (the inverse of `serialize`).

    Args:
        config: The dict `keras.layers.serialize` (or real Keras) made.
        custom_objects: Optional dict of names to custom classes or functions.
    """
    from kerastorch.saving import serialization_lib  # noqa: PLC0415 - saving reaches back into layers

    obj = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
    if not isinstance(obj, Layer):
        raise ValueError(
            "`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`. "
            f"Received: config={config}"
        )
    return obj
