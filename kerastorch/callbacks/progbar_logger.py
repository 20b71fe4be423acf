"""`ProgbarLogger`: prints Keras's progress bars (`Epoch 1/10`, the bar, the metrics)."""

from kerastorch.callbacks.callback import Callback
from kerastorch.distribution import _runtime
from kerastorch.utils.progbar import Progbar
from kerastorch.utils.progbar import _write


class ProgbarLogger(Callback):
    """Prints metrics to stdout; added by `fit`, `evaluate` and `predict` when `verbose` is not 0."""

    def __init__(self):
        super().__init__()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params):
        verbose = params["verbose"]
        self.verbose = 1 if verbose == "auto" else verbose
        if not _runtime.is_chief():
            self.verbose = 0  # under keras.distribution, only rank 0 prints
        self.epochs = params["epochs"]
        self.target = params["steps"]

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset()
            self._progbar()

    def on_predict_begin(self, logs=None):
        self._reset()
        self._progbar()

    def on_epoch_begin(self, epoch, logs=None):
        self._reset()
        # The bar's clock starts with the epoch (verbose=2 reports time per step from it).
        self._progbar()
        if self.verbose and self.epochs > 1:
            _write(f"Epoch {epoch + 1}/{self.epochs}\n")

    def on_train_batch_end(self, batch, logs=None):
        self._update(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize(logs)

    def on_predict_end(self, logs=None):
        self._finalize(logs)

    def _reset(self):
        self.seen = 0
        self.progbar = None

    def _progbar(self):
        if self.progbar is None:
            self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step",
                                   stateless_metrics=set())
        return self.progbar

    def _update(self, batch, logs):
        self.seen = batch + 1
        if self.verbose == 1:
            self._progbar().update(self.seen, _sorted_items(logs), finalize=False)

    def _finalize(self, logs):
        progbar = self._progbar()
        if self.target is None:
            self.target = self.seen
            progbar.target = self.target
        progbar.update(self.target, list((logs or {}).items()), finalize=True)


def _sorted_items(logs):
    """A batch's logs as `(name, value)` pairs sorted by name: the order Keras's bar lists them in.

    Keras's `CallbackList` sorts every batch's logs by name before the callbacks see them, so its bar reads
    `accuracy: ... - loss: ...`, whatever order the model's metrics come in. The epoch's logs arrive sorted from
    the trainer, with whatever earlier callbacks added (`learning_rate`) after them, and are shown in that order.
    """
    return sorted((logs or {}).items(), key=lambda item: item[0])
