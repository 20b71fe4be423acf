"""`LearningRateScheduler`: sets the learning rate at the start of each epoch from a function."""

import numpy as np

from kerastorch.callbacks.callback import Callback


class LearningRateScheduler(Callback):
    """Calls `schedule(epoch, lr)` (or the older `schedule(epoch)`) before each epoch and applies the result.

    The learning rate of each epoch is also added to its logs as `learning_rate`.

    Args:
        schedule: A function of the epoch index (from 0) and the current learning rate (a float) that returns
            the new learning rate (a float).
        verbose: 1 prints the learning rate set at each epoch. Defaults to `0`.

    Example:

    >>> def scheduler(epoch, lr):
    ...     return lr if epoch < 10 else lr * math.exp(-0.1)
    >>> model.fit(x, y, epochs=15, callbacks=[keras.callbacks.LearningRateScheduler(scheduler)])
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _optimizers(self):
        optimizer = self.model.optimizer
        if hasattr(optimizer, "optimizers"):
            return [(opt, opt.name) for opt in optimizer.optimizers]
        return [(optimizer, "")]

    def _update_optimizer_lr(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError(f'Optimizer must have a "learning_rate" attribute. Received: optimizer={optimizer}')
        try:
            learning_rate = self.schedule(epoch, float(optimizer.learning_rate))
        except TypeError:
            # The Keras 2 signature: schedule(epoch).
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {learning_rate}")
        optimizer.learning_rate = learning_rate
        return learning_rate

    def on_epoch_begin(self, epoch, logs=None):
        for optimizer, name in self._optimizers():
            learning_rate = self._update_optimizer_lr(optimizer, epoch)
            if self.verbose > 0:
                target = f"{name} learning rate" if name else "learning rate"
                print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting {target} to {learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        for optimizer, name in self._optimizers():
            logs[f"learning_rate_{name}" if name else "learning_rate"] = float(optimizer.learning_rate)
