"""`SwapEMAWeights`: evaluate (and optionally checkpoint) with the optimizer's moving averages of the weights."""

import torch

from kerastorch.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Puts the optimizer's exponential moving averages of the weights (`use_ema=True`) into the model for
    evaluation and prediction, and the trained weights back afterwards.

    The swap is in place (weights and averages trade values), so it costs no second copy of the model. With
    `swap_on_epoch=True` the averages are also in the model between the end of one epoch and the start of the
    next, so callbacks placed after this one (`ModelCheckpoint`) see them; after the last epoch the averages
    stay, as `fit` ends by writing the averages into the weights anyway.

    Args:
        swap_on_epoch: Whether to swap at the end of each epoch (and back at the start of the next) too.
            Defaults to `False`.

    Example:

    >>> model.compile(optimizer=keras.optimizers.SGD(use_ema=True), loss="mse")
    >>> model.fit(x, y, validation_data=(x_val, y_val), callbacks=[keras.callbacks.SwapEMAWeights()])
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._averages_in_model = False

    def _ema_optimizers(self):
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # inside a LossScaleOptimizer
        candidates = getattr(optimizer, "optimizers", None)  # a MultiOptimizer's
        if candidates is None:
            if not getattr(optimizer, "use_ema", False):
                raise ValueError("SwapEMAWeights needs an optimizer with moving averages of the weights. Expected: "
                                 f"use_ema=True on the optimizer. Received: use_ema={getattr(optimizer, 'use_ema', None)}")
            return [optimizer]
        found = [o for o in candidates if getattr(o, "use_ema", False)]
        if not found:
            raise ValueError("SwapEMAWeights needs moving averages of the weights. Expected: use_ema=True on at least "
                             "one of the MultiOptimizer's optimizers. Received: use_ema=False on all of them")
        return found

    def _pairs(self):
        for optimizer in self._ema_optimizers():
            averages = getattr(optimizer, "_model_variables_moving_average", None)
            if averages is None:  # not built yet: nothing trained, nothing to swap
                continue
            for variable, average in zip(optimizer._trainable_variables, averages):
                if average is not None:
                    yield variable, average

    def _swap(self):
        with torch.no_grad():
            for variable, average in self._pairs():
                kept = variable.detach().clone()
                variable.copy_(average)
                average.copy_(kept)

    def _put_averages_in(self):
        if not self._averages_in_model:
            self._swap()
            self._averages_in_model = True

    def _take_averages_out(self):
        if self._averages_in_model:
            self._swap()
            self._averages_in_model = False

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch:
            self._take_averages_out()

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._averages_in_model:
            self._put_averages_in()
            if epoch == self.params.get("epochs", 0) - 1:
                # `fit` ends with `finalize_variable_values`, which copies the averages into the weights: the
                # averages must hold what the weights hold now (the averages), not the swapped-out weights.
                with torch.no_grad():
                    for variable, average in self._pairs():
                        average.copy_(variable)

    def on_test_begin(self, logs=None):
        self._put_averages_in()

    def on_test_end(self, logs=None):
        self._take_averages_out()

    def on_predict_begin(self, logs=None):
        self._put_averages_in()

    def on_predict_end(self, logs=None):
        self._take_averages_out()
