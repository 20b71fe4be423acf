"""The rnn layers. `__all__` lists the public classes; keras.layers re-exports them."""

__all__ = []
