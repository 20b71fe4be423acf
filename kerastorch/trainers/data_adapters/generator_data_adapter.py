"""Batches from a Python generator (or any iterator) that yields `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

A generator can be read only once: its length is unknown (`num_batches` is None, the progress bar shows
"Unknown") until it runs out, and `EpochIterator` keeps one iterator over it across epochs so that
`steps_per_epoch` with an endless generator continues where the previous epoch stopped.

Keras remembers the first two batches of a generator (it peeks them to learn their structure) and every
new pass over the generator starts with them, so an epoch after the generator ran out sees those two
batches again. That is kept here so that histories match Keras's.
"""

from kerastorch.trainers.data_adapters import data_adapter_utils

_REPLAYED_BATCHES = 2


class GeneratorDataAdapter:
    """Validates and converts each batch a generator yields.

    Args:
        generator: A Python generator or iterator of batches.
    """

    one_shot = True

    def __init__(self, generator):
        self.generator = generator
        self.num_batches = None
        self.batch_size = None
        self._first_batches = []

    def get_iterator(self):
        """One pass: the remembered first batches, then whatever the generator has left."""
        yield from list(self._first_batches)
        for batch in self.generator:
            batch = data_adapter_utils.standardize_batch(batch, "Python generator")
            if len(self._first_batches) < _REPLAYED_BATCHES:
                self._first_batches.append(batch)
            yield batch
