"""`PiecewiseConstantDecay`: a constant rate per interval of steps."""

import numpy as np
import torch

from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` while `step <= boundaries[0]`, `values[i]` while `boundaries[i-1] < step <= boundaries[i]`,
    and `values[-1]` after the last boundary.

    Args:
        boundaries: Increasing step numbers where the rate changes.
        values: The rates, one more than `boundaries`.
        name: Kept for Keras compatibility.

    Example:

    >>> schedule = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    >>> schedule(10), schedule(11), schedule(21)
    (1.0, 0.5, 0.10000000149011612)
    """

    _keras_module = "keras.optimizers.schedules"

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and values={values} "
                f"of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        if isinstance(step, torch.Tensor):
            # Python scalars go into `where` as values, so nothing is copied to the device.
            result = torch.full((), float(np.float32(self.values[-1])), dtype=torch.float32, device=step.device)
            for boundary, value in reversed(list(zip(self.boundaries, self.values[:-1]))):
                result = torch.where(step <= boundary, float(np.float32(value)), result)
            return result
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return float(np.float32(value))
        return float(np.float32(self.values[-1]))

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}
