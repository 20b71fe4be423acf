"""`Progbar`: Keras's progress bar, in the same format (`12/50 ━━━━━━━━━━━━━━━━━━━━ 1s 20ms/step - loss: 0.52`).

Values may be device tensors: they are converted to Python numbers only when a line is actually printed
(at most every `interval` seconds, and at the end), so the training loop never waits on the device to draw
the bar.
"""

import math
import os
import sys
import time

import numpy as np

from kerastorch.utils import io_utils


def _write(message):
    """Writes `message` as Keras's bar does: through `io_utils.print_msg` (stdout, or the logger when interactive
    logging is off; `=` for the bar where stdout cannot encode `━`)."""
    io_utils.print_msg(message, line_break=False)


def _to_number(value):
    if hasattr(value, "detach"):
        value = value.detach()
        return value.item() if value.numel() == 1 else value.cpu().numpy()
    return value


class Progbar:
    """Displays a progress bar.

    Args:
        target: Total number of steps expected, None if unknown.
        width: Width of the bar in characters.
        verbose: 0 (silent), 1 (dynamic bar) or 2 (one line when done).
        interval: Minimum seconds between two refreshes.
        stateful_metrics: Names of values shown as given rather than averaged over steps.
        stateless_metrics: Names of values averaged over steps (all others shown as given).
        unit_name: Shown in the time per unit (`"step"`).
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None, stateless_metrics=None,
                 unit_name="step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError("Only one of `stateful_metrics` or `stateless_metrics` can be provided.")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics is not None else None
        self.stateless_metrics = set(stateless_metrics) if stateless_metrics is not None else None
        if self.stateful_metrics is None and self.stateless_metrics is None:
            self.stateful_metrics = set()
        # Keras redraws in place on any POSIX terminal or pipe, and in notebooks.
        self._dynamic_display = (
            (hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
            or "ipykernel" in sys.modules
            or "posix" in sys.modules
            or "PYCHARM_HOSTED" in os.environ
        )
        self._seen_so_far = 0
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def _is_stateless(self, name):
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics

    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current`; `values` is a list of `(name, value)` for the last step."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        now = time.time()
        due = finalize or now - self._last_update >= self.interval
        for name, value in values or []:
            if name not in self._values_order:
                self._values_order.append(name)
            if not self._is_stateless(name):
                self._values[name] = [value, 1]
            elif finalize:
                self._values[name] = [_to_number(value), 1]
            else:
                weight = max(current - self._seen_so_far, 1)
                value = _to_number(value)
                total, count = self._values.get(name, [0.0, 0])
                self._values[name] = [total + value * weight, count + weight]
        self._seen_so_far = current
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1 and due:
            self._print_dynamic(current, now, time_per_unit, finalize)
            self._last_update = now
        elif self.verbose == 2 and finalize and self.target:
            self._print_line(current, now, time_per_unit)
            self._last_update = now

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)

    def _average(self, name):
        total, count = self._values[name]
        total = _to_number(total)
        if not isinstance(total, float):
            total = float(np.mean(total))
        return total / max(1, count)

    def _metrics_text(self, as_is_small=lambda v: abs(v) > 1e-3):
        text = ""
        for name in self._values_order:
            value = self._average(name)
            text += f" - {name}: " + (f"{value:.4f}" if as_is_small(value) else f"{value:.4e}")
        return text

    def _print_dynamic(self, current, now, time_per_unit, finalize):
        message = ("\b" * self._prev_total_width + "\r") if self._dynamic_display else "\n"
        special = 0
        if self.target:
            digits = int(math.log10(self.target)) + 1
            bar = f"\x1b[1m{current:{digits}d}/{self.target}\x1b[0m "
            special += 8
            filled = int(self.width * float(current) / self.target)
            if filled > 0:
                bar += f"\x1b[32m{'━' * filled}\x1b[0m"
                special += 9
            bar += f"\x1b[37m{'━' * (self.width - filled)}\x1b[0m"
            special += 9
        else:
            bar = "%7d/Unknown" % current
        if self.target and not finalize:
            eta = time_per_unit * (self.target - current)
            if eta > 3600:
                eta_text = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
            elif eta > 60:
                eta_text = "%d:%02d" % (eta // 60, eta % 60)
            else:
                eta_text = "%ds" % eta
            info = f" \x1b[1m{eta_text}\x1b[0m"
        else:
            info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
        special += 8
        info += self._format_time(time_per_unit) + self._metrics_text()
        total_width = len(bar) + len(info) - special
        message += bar + info
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = total_width

    def _print_line(self, current, now, time_per_unit):
        digits = int(math.log10(self.target)) + 1
        info = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -{self._format_time(time_per_unit)}"
        info += self._metrics_text(as_is_small=lambda v: v > 1e-3) + "\n"
        _write(info)

    def _format_time(self, time_per_unit):
        if time_per_unit >= 1 or time_per_unit == 0:
            return f" {time_per_unit:.0f}s/{self.unit_name}"
        if time_per_unit >= 1e-3:
            return f" {time_per_unit * 1e3:.0f}ms/{self.unit_name}"
        return f" {time_per_unit * 1e6:.0f}us/{self.unit_name}"

    def _estimate_step_duration(self, current, now):
        # The first step (compilation, warm-up) is not representative: time the rest when there is a rest.
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            return (now - self._time_after_first_step) / (current - 1)
        if current == 1:
            self._time_after_first_step = now
        return (now - self._start) / current
