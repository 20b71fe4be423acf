"""`Identity`: returns its input unchanged."""

from kerastorch.layers.layer import Layer


class Identity(Layer):
    """A placeholder layer that returns its input (any structure of tensors) unchanged, mask included.

    Useful to keep a model's structure when a block is switched off.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return super().get_config()
