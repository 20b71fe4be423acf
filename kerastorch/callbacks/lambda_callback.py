"""`LambdaCallback`: a callback built from plain functions."""

from kerastorch.callbacks.callback import Callback


class LambdaCallback(Callback):
    """Runs the given functions at the matching hooks, for one-off callbacks without a subclass.

    `on_epoch_begin` / `on_epoch_end` take `(epoch, logs)`, `on_train_batch_begin` / `on_train_batch_end`
    take `(batch, logs)`, and `on_train_begin` / `on_train_end` take `(logs)`. Any other hook can be given as
    a keyword argument (e.g. `on_test_end=...`); every extra keyword becomes an attribute.

    Args:
        on_epoch_begin, on_epoch_end, on_train_begin, on_train_end, on_train_batch_begin,
        on_train_batch_end: Functions to call, or None.
        **kwargs: Other hooks or attributes.

    Example:

    >>> print_batch = keras.callbacks.LambdaCallback(on_train_batch_begin=lambda batch, logs: print(batch))
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {
            "on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin, "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin, "on_train_batch_end": on_train_batch_end,
        }
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
