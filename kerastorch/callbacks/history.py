"""`History`: records each epoch's logs; `fit` returns it."""

from kerastorch.callbacks.callback import Callback


class History(Callback):
    """Collects `history[name] = [value per epoch]` and the list of `epoch` indices."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        # Keras keeps the last History on the model: `model.history.history` works after fit.
        self.model.history = self
