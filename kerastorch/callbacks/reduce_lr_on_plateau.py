"""`ReduceLROnPlateau`: lowers the optimizer's learning rate when a monitored quantity stalls."""

import warnings

import numpy as np

from kerastorch.callbacks._monitor_callback import MonitorCallback


def _current_learning_rate(optimizer):
    return float(optimizer.learning_rate)


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` after `patience` epochs without improvement.

    Also records the learning rate in the epoch logs (`learning_rate`), so History and CSVLogger show it.

    Args:
        monitor: Quantity to watch. Defaults to `"val_loss"`.
        factor: `new_lr = lr * factor`; must be below 1. Defaults to `0.1`.
        patience: Epochs without improvement before a reduction. Defaults to `10`.
        verbose: 1 prints a message at each reduction. Defaults to `0`.
        mode: `"auto"`, `"min"` or `"max"`. Defaults to `"auto"`.
        min_delta: Smallest change that counts as an improvement. Defaults to `1e-4`.
        cooldown: Epochs after a reduction during which stalls are not counted. Defaults to `0`.
        min_lr: Lower bound on the learning rate. Defaults to `0.0`.

    Example:

    >>> reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)
    >>> model.fit(x, y, validation_split=0.2, callbacks=[reduce_lr])
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0.0, **kwargs):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Received: factor={factor}")
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def _optimizers(self):
        optimizer = self.model.optimizer
        if hasattr(optimizer, "optimizers"):
            return [(opt, opt.name) for opt in optimizer.optimizers]
        return [(optimizer, "")]

    def _reduce_optimizer_lr(self, optimizer, epoch, name=""):
        old_lr = _current_learning_rate(optimizer)
        # Keras compares against min_lr in float32, so a learning rate already at min_lr stays put.
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            optimizer.learning_rate = new_lr
            if self.verbose > 0:
                name_str = f" {name}" if name else ""
                print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{name_str} learning rate to {new_lr}.")
            return True
        return False

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs if logs is not None else {}
        for optimizer, name in self._optimizers():
            logs[f"learning_rate_{name}" if name else "learning_rate"] = _current_learning_rate(optimizer)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is not available. "
                f"Available metrics are: {','.join(logs)}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                reduced = False
                for optimizer, name in self._optimizers():
                    reduced = self._reduce_optimizer_lr(optimizer, epoch, name) or reduced
                if reduced:
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0
