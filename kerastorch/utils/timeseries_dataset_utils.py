"""`timeseries_dataset_from_array`: sliding windows over a timeseries, in batches."""

import numpy as np
import torch

from kerastorch.utils import dataset_utils


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1, sampling_rate=1,
                                  batch_size=128, shuffle=False, seed=None, start_index=None, end_index=None,
                                  format="tf"):
    """Creates a dataset of sliding windows over a timeseries given as an array.

    Window `i` holds the time steps `start + i * sequence_stride + k * sampling_rate` for `k` in
    `range(sequence_length)` (counted from `start_index`); its target is `targets[i * sequence_stride]`
    (relative to `start_index`), so `targets` is aligned with the windows' first step.

    Args:
        data: Array-like of time steps along axis 0.
        targets: Array-like of targets, or None for a dataset of windows only.
        sequence_length: Time steps per window.
        sequence_stride: Time steps between consecutive windows' starts.
        sampling_rate: Time steps between two steps kept within a window.
        batch_size: Windows per batch; None gives single windows.
        shuffle: Shuffle the windows (NumPy's RandomState(seed), as Keras shuffles the window starts).
        seed: The shuffle's seed.
        start_index, end_index: Only use `data[start_index:end_index]`.
        format: "tf" or "grain" in Keras; accepted, as the result here is always torch's.

    Returns:
        A `torch.utils.data.DataLoader` of batches: `(windows, targets)` tuples, or windows alone when
        `targets` is None. Windows have shape `(batch, sequence_length, *data.shape[1:])`.
    """
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: start_index={start_index}")
        if start_index >= len(data):
            raise ValueError(f"`start_index` must be lower than the length of the data. Received: "
                             f"start_index={start_index}, for data of length {len(data)}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(f"`end_index` must be higher than `start_index`. Received: start_index={start_index}, "
                             f"and end_index={end_index} ")
        if end_index >= len(data):
            raise ValueError(f"`end_index` must be lower than the length of the data. Received: "
                             f"end_index={end_index}, for data of length {len(data)}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    if sampling_rate <= 0:
        raise ValueError(f"`sampling_rate` must be higher than 0. Received: sampling_rate={sampling_rate}")
    if sampling_rate >= len(data):
        raise ValueError(f"`sampling_rate` must be lower than the length of the data. Received: "
                         f"sampling_rate={sampling_rate}, for data of length {len(data)}")
    if sequence_stride <= 0:
        raise ValueError(f"`sequence_stride` must be higher than 0. Received: sequence_stride={sequence_stride}")
    if sequence_stride >= len(data):
        raise ValueError(f"`sequence_stride` must be lower than the length of the data. Received: "
                         f"sequence_stride={sequence_stride}, for data of length {len(data)}")
    if format not in ("tf", "grain"):
        raise ValueError(f'`format` should be either "tf" or "grain". Received: format={format}')
    start_index = start_index or 0
    end_index = end_index or len(data)
    count = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        count = min(count, len(targets))
    starts = np.arange(0, max(count, 0), sequence_stride)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    values = torch.as_tensor(np.asarray(data[start_index:end_index]))
    labels = None if targets is None else torch.as_tensor(np.asarray(targets[start_index:]))
    offsets = torch.arange(sequence_length) * sampling_rate

    def make_batch(window_starts, unbatched):
        window_starts = torch.as_tensor(window_starts, dtype=torch.int64)
        windows = values[window_starts.unsqueeze(-1) + offsets]
        if unbatched:
            windows = windows[0]
        if labels is None:
            return windows
        batch_targets = labels[window_starts]
        return windows, batch_targets[0] if unbatched else batch_targets

    return dataset_utils.batches_loader(starts, batch_size, make_batch)
