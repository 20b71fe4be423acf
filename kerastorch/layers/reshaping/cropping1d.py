"""`Cropping1D`: drops steps at the start and end of the time axis."""

from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class Cropping1D(Layer):
    """Crops a sequence along the steps axis (axis 1).

    Args:
        cropping: Int or tuple of 2 ints, the steps dropped at the start and at the end (an int for both).

    Input shape:
        `(batch_size, steps, features)`.

    Output shape:
        `(batch_size, steps - cropping[0] - cropping[1], features)`.

    Example:

    >>> x = np.arange(12, dtype="float32").reshape(1, 6, 2)
    >>> keras.layers.Cropping1D(cropping=(1, 2))(x).shape
    torch.Size([1, 3, 2])
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = utils.standardize_tuple(cropping, 2, "cropping", self.name, allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        self._check_length(inputs.shape[1], inputs.shape)
        start, end = self.cropping
        return inputs[:, start:inputs.shape[1] - end, :]

    def _check_length(self, length, shape):
        if length is not None and sum(self.cropping) >= length:
            raise ValueError(
                f"Layer '{self.name}': `cropping` must leave at least one step of the input's {length}. "
                f"Received: cropping={self.cropping}, input_shape={tuple(shape)}"
            )

    def compute_output_shape(self, input_shape):
        self._check_length(input_shape[1], input_shape)
        length = None if input_shape[1] is None else input_shape[1] - sum(self.cropping)
        return (input_shape[0], length, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping}
