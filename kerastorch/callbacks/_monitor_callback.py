"""`MonitorCallback`: the shared "is this value better than the best so far" logic of EarlyStopping,
ModelCheckpoint and ReduceLROnPlateau. Not exported, as in Keras."""

import warnings

import numpy as np

from kerastorch.callbacks.callback import Callback


def _less(a, b):
    return bool(np.less(np.float32(a), np.float32(b)))


def _greater(a, b):
    return bool(np.greater(np.float32(a), np.float32(b)))


def _logged_float(value):
    """A log value as a Python number; 0-d tensors (batch logs) are read here, which syncs the device."""
    if hasattr(value, "shape") and len(value.shape) == 0:
        return float(value)
    return value


class MonitorCallback(Callback):
    """Tracks `best`, the best value of `monitor` seen, and compares new values to it.

    Args:
        monitor: Name of the logged quantity, e.g. `"val_loss"`.
        mode: `"min"`, `"max"` or `"auto"` (from the metric's name: losses go down, metrics with a known
            direction follow it). An unknown mode warns and falls back to `"auto"`, as Keras does.
        baseline: Initial `best`; None takes the first value seen.
        min_delta: An improvement must beat `best` by more than this (its sign is ignored).
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto mode.",
                          stacklevel=2)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self):
        """Picks the comparison once the model's metrics exist (their direction decides `"auto"`)."""
        if self.mode == "min":
            self.monitor_op = _less
        elif self.mode == "max":
            self.monitor_op = _greater
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = _less
            for metric in self._compiled_metrics():
                if metric.name == name and hasattr(metric, "_direction"):
                    self.monitor_op = _greater if metric._direction == "up" else _less
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received monitor={self.monitor}, but Keras isn't able to "
                    "automatically determine whether that metric should be maximized or minimized. Pass "
                    "`mode='max'` in order to monitor based on the highest metric value, or pass `mode='min'` "
                    f"in order to use the lowest value. Received: monitor={self.monitor!r}, mode='auto'"
                )
        if self.monitor_op is _less:
            # Minimizing: `value - min_delta < best` must read `value + |min_delta| < best`.
            self.min_delta *= -1

    def _compiled_metrics(self):
        from kerastorch.trainers import compile_utils

        found = []
        for metric in getattr(self.model, "metrics", []):
            if isinstance(metric, compile_utils.CompileMetrics):
                found.extend(metric.metrics)
        return found

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        # Keras compares as float32 tensors; doing the same keeps ties and near-ties identical.
        return self.monitor_op(monitor_value - self.min_delta, reference_value)
