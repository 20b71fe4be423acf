"""`Discretization`: buckets continuous features by bin boundaries (given, or learned by `adapt`)."""

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.preprocessing import _utils


class Discretization(Layer):
    """Maps each value to the index of its bin: with boundaries `[b0, b1, ...]`, bin 0 is `x < b0`, bin `i`
    is `b(i-1) <= x < b(i)`, and the last is `x >= b(-1)`.

    Args:
        bin_boundaries: Sorted list of boundaries; or None to learn `num_bins` bins with `adapt`.
        num_bins: The number of bins `adapt` computes (approximate quantiles).
        epsilon: The error tolerance of `adapt`'s quantile sketch (default 0.01).
        output_mode: `"int"` (bin indices, int32, the default), `"one_hot"`, `"multi_hot"` or `"count"`.
        sparse: Must be False on torch.
        dtype: The dtype of encoded (non-`"int"`) outputs.
        name: The layer's name.

    Input shape:
        Any; values are cast to float32 first.

    Output shape:
        The input shape for `"int"`; see `CategoryEncoding` for the other modes.
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False,
                 dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise ValueError(f"Discretization layer '{self.name}': `sparse=True` is not supported on torch. "
                             f"Received: sparse={sparse}")
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError(f"Discretization layer '{self.name}': `output_mode` must be one of 'int', "
                             f"'one_hot', 'multi_hot', 'count'. Received: output_mode={output_mode!r}")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"Discretization layer '{self.name}': `num_bins` must be >= 0. "
                             f"Received: num_bins={num_bins}")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(f"Discretization layer '{self.name}': set only one of `num_bins` and "
                             f"`bin_boundaries`. Received: num_bins={num_bins}, bin_boundaries={bin_boundaries}")
        if num_bins is None and bin_boundaries is None:
            raise ValueError(f"Discretization layer '{self.name}': set either `num_bins` or `bin_boundaries`. "
                             "Received: num_bins=None, bin_boundaries=None")
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.bin_boundaries = bin_boundaries
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")
        self.built = True

    @property
    def bin_boundaries(self):
        return self._bin_boundaries

    @bin_boundaries.setter
    def bin_boundaries(self, value):
        self._bin_boundaries = value
        boundaries = None if value is None else torch.tensor(value, dtype=torch.float32, device=device_lib.get_device())
        # A buffer, so that `.to(device)` moves it and a call never copies from the host.
        self.register_buffer("_boundaries", boundaries, persistent=False)

    @property
    def input_dtype(self):
        # The boundaries are floats whatever `dtype` says (that is the dtype of the encoded outputs): floating
        # inputs become floatx, as Keras converts them, never the compute dtype (an integer one would truncate).
        return backend_config.floatx()

    def _convert_inputs(self, args):
        floatx = to_torch_dtype(self.input_dtype)

        def convert(x):
            if not isinstance(x, torch.Tensor):
                x = torch.as_tensor(np.asarray(x))
            return x.to(floatx) if self.autocast and x.is_floating_point() else x

        return tuple(convert(arg) for arg in args)

    @property
    def output_dtype(self):
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None):
        """Learns `num_bins` bin boundaries (approximate quantiles) from an array or an iterable of batches."""
        if self.num_bins is None:
            raise ValueError(f"Discretization layer '{self.name}' was given `bin_boundaries`; create it with "
                             "`num_bins` to adapt it. Received: num_bins=None")
        self.reset_state()
        if hasattr(data, "__iter__") and not isinstance(data, (np.ndarray, torch.Tensor)):
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        else:
            self.update_state(data)
        self.finalize_state()

    def update_state(self, data):
        if isinstance(data, torch.Tensor):
            data = data.detach().cpu().numpy()
        self.summary = _merge(_summarize(np.array(data).astype("float32"), self.epsilon), self.summary, self.epsilon)

    def finalize_state(self):
        if self.num_bins is not None:
            self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(f"Discretization layer '{self.name}': pass `bin_boundaries` or call `adapt(data)` "
                             "before using the layer. Received: bin_boundaries=None")
        if not inputs.is_floating_point():
            inputs = inputs.to(to_torch_dtype(self.input_dtype))
        indices = torch.bucketize(inputs, self._boundaries.to(inputs.device), right=True).to(torch.int32)
        if self.output_mode == "int":
            return indices
        return _utils.encode_categorical(indices, self.output_mode, len(self.bin_boundaries) + 1,
                                         self._compute_torch_dtype)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            return _utils.categorical_output_shape(input_shape, "one_hot", depth)
        if len(input_shape) >= 2:
            return (input_shape[0],) + input_shape[2:] + (depth,)
        return (depth,)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self.output_dtype)

    def get_config(self):
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            # An adapted layer: both are saved; restore the learned boundaries after construction.
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config)


# The quantile sketch (the same numbers as Keras's): a summary is a (2, n) array of sorted values and weights.
def _summarize(values, epsilon):
    values = np.sort(values.reshape(-1))
    step = max(values.size / (1.0 / epsilon), 1)
    picked = values[int(step - 1)::int(step)]
    return np.stack([picked, np.full_like(picked, step)])


def _merge(first, second, epsilon):
    merged = np.concatenate((first, second), axis=1)
    return _compress(merged[:, np.argsort(merged[0])], epsilon)


def _compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    targets = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    values = np.interp(targets, fractions, summary[0])
    cumulative = np.interp(targets, fractions, cumulative)
    weights = np.diff(cumulative, prepend=0.0)
    return np.stack((values, weights)).astype("float32")
