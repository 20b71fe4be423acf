"""Batches from a `torch.utils.data.DataLoader`, or from a torch `Dataset` that is batched here.

A DataLoader is used as given (its own batching, shuffling, workers and `pin_memory`), as Keras does. A
map-style `Dataset` of samples is a kerastorch extension: it is wrapped in a DataLoader with `batch_size`
(default 32) and `shuffle`, the way arrays are batched. An `IterableDataset` is batched without shuffling.
"""

import torch

from kerastorch.trainers.data_adapters import data_adapter_utils


class TorchDataLoaderAdapter:
    """Standardizes the batches of a DataLoader to `(x,)`, `(x, y)` or `(x, y, sample_weight)` tuples.

    Args:
        dataloader: A `torch.utils.data.DataLoader`.
    """

    one_shot = False

    def __init__(self, dataloader):
        if not isinstance(dataloader, torch.utils.data.DataLoader):
            raise ValueError(
                f"Expected a `torch.utils.data.DataLoader`. Received: dataloader of type {type(dataloader).__name__}"
            )
        self._dataloader = dataloader
        self.batch_size = dataloader.batch_size
        self.num_batches = None
        try:
            self.num_batches = len(dataloader)
        except TypeError:
            pass  # an IterableDataset without __len__: unknown length

    @classmethod
    def from_dataset(cls, dataset, batch_size=None, shuffle=False):
        """A DataLoader over a torch `Dataset` of samples, batched like arrays."""
        iterable = isinstance(dataset, torch.utils.data.IterableDataset)
        loader = torch.utils.data.DataLoader(
            dataset, batch_size=int(batch_size or 32), shuffle=bool(shuffle) and not iterable
        )
        return cls(loader)

    def get_iterator(self):
        for batch in self._dataloader:
            yield data_adapter_utils.standardize_batch(batch, "torch DataLoader", allow_bare=True)
