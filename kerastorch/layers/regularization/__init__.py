"""The regularization layers. `__all__` lists the public classes; keras.layers re-exports them."""

from kerastorch.layers.regularization.dropout import Dropout

__all__ = ["Dropout"]
