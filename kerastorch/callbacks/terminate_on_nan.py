"""`TerminateOnNaN`: stops training at the first batch whose loss is NaN or infinite."""

import math

from kerastorch.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Checks the batch loss after every training batch and stops (or raises) when it is NaN or Inf.

    This is the one built-in callback that reads a value from the device on every batch: the loss must be on
    the host to decide whether to go on, exactly as in Keras. Use it when that wait is worth the safety.

    Args:
        raise_error: False stops gracefully with `model.stop_training = True` (every callback's
            `on_train_end` still runs). True raises a `RuntimeError` at once, skipping that cleanup (useful to
            keep a BackupAndRestore backup). Defaults to `False`.

    Example:

    >>> model.fit(x, y, callbacks=[keras.callbacks.TerminateOnNaN()])
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = float(loss)  # the per-batch sync (see the class docstring)
        if math.isnan(loss) or math.isinf(loss):
            if self.raise_error:
                raise RuntimeError(
                    f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                    "Terminating training immediately."
                )
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
