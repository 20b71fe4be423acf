"""`CallbackList`: calls every callback's hook in order; adds History and ProgbarLogger as Keras does."""

from kerastorch.callbacks.callback import Callback
from kerastorch.callbacks.history import History
from kerastorch.callbacks.progbar_logger import ProgbarLogger
from kerastorch.utils import tree


class CallbackList(Callback):
    """A container that forwards each hook to its callbacks.

    Args:
        callbacks: The user's callbacks.
        add_history: Append a `History` (unless one is given).
        add_progbar: Append a `ProgbarLogger` (unless one is given).
        model: The model the callbacks observe.
        **params: The loop settings (`verbose`, `epochs`, `steps`) passed to `set_params`.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        # Nested lists are flattened, as Keras does (`callbacks=[common, [checkpoint, early_stop]]`).
        self.callbacks = tree.flatten(list(callbacks or []))
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    "Each callback must be an instance of keras.callbacks.Callback. "
                    f"Received: {callback!r} (of type {type(callback).__name__})"
                )
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.append(History())
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        super().set_model(model)
        # As in Keras, `model.history` is this run's History from the start of `fit` (even one that runs no
        # epoch), so callbacks can read it in `on_train_begin`.
        history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if history is not None:
            model.history = history
        for callback in self.callbacks:
            callback.set_model(model)

    def _call(self, hook, *args, logs, batch_hook=False):
        """Calls `hook` on every callback, with `logs` as Keras passes them: `{}` for None, and batch logs as
        a keyword (`def on_train_batch_end(self, batch, **kwargs)` works).

        Epoch and loop logs are copied once per call, as Keras does: the callbacks of one call share the copy
        (ReduceLROnPlateau's `learning_rate` reaches the History after it) but the caller's dict is not
        changed, so `fit`'s `on_train_end` logs and `evaluate`'s result carry only the model's metrics. Batch
        logs are passed as they are: the trainer's are lazy (a metric's `result()` runs only if a callback
        reads it), and a copy would compute every one of them at every step.
        """
        if batch_hook:
            logs = {} if logs is None else logs
            for callback in self.callbacks:
                getattr(callback, hook)(*args, logs=logs)
            return
        logs = {} if logs is None else dict(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(*args, logs)

    def on_batch_begin(self, batch, logs=None):
        self._call("on_batch_begin", batch, logs=logs, batch_hook=True)

    def on_batch_end(self, batch, logs=None):
        self._call("on_batch_end", batch, logs=logs, batch_hook=True)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch, logs=logs, batch_hook=True)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch, logs=logs, batch_hook=True)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch, logs=logs, batch_hook=True)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch, logs=logs, batch_hook=True)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs=logs, batch_hook=True)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs=logs, batch_hook=True)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs=logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs=logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs=logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs=logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs=logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs=logs)
