"""`DropoutRNNCell`: the dropout masks an RNN cell draws once per sequence and reuses at every timestep."""

import torch

from kerastorch.backend import random as backend_random
from kerastorch.backend import symbolic


def _dropout_mask(like, rate, seed_generator):
    """`dropout(ones_like(like))`: 0 or `1 / (1 - rate)` per entry, drawn as Keras on torch draws it.

    A seeded generator draws a Bernoulli mask from a torch generator seeded from its stream (Keras's numbers);
    an unseeded one takes torch's fused dropout kernel on the global stream.
    """
    ones = torch.ones_like(like)
    if rate >= 1.0:
        return torch.zeros_like(like)
    if seed_generator._initial_seed is None or symbolic.is_fake(like):
        return torch.nn.functional.dropout(ones, p=rate, training=True)
    keep_prob = 1.0 - rate
    generator = backend_random.torch_generator(seed_generator, device=like.device)
    keep = torch.bernoulli(torch.full(tuple(like.shape), keep_prob, device=like.device), generator=generator)
    return torch.where(keep.bool(), ones / keep_prob, torch.zeros_like(ones))


class DropoutRNNCell:
    """Mixin of the cells that support `dropout` and `recurrent_dropout`.

    The owning `RNN` draws the masks at the start of each call (`get_dropout_mask` on the first timestep's
    input, `get_recurrent_dropout_mask` on the first state) and clears them at the end, so one mask is shared
    by all the timesteps of a sequence. A cell sets `dropout_mask_count` to draw one mask per gate.
    The cell must have `dropout`, `recurrent_dropout` and `seed_generator` attributes.
    """

    def _create_dropout_mask(self, step_input, rate):
        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return _dropout_mask(step_input, rate, self.seed_generator)
        return [_dropout_mask(step_input, rate, self.seed_generator) for _ in range(count)]

    def get_dropout_mask(self, step_input):
        if self.__dict__.get("_dropout_mask") is None and self.dropout > 0:
            self.__dict__["_dropout_mask"] = self._create_dropout_mask(step_input, self.dropout)
        return self.__dict__.get("_dropout_mask")

    def get_recurrent_dropout_mask(self, step_input):
        if self.__dict__.get("_recurrent_dropout_mask") is None and self.recurrent_dropout > 0:
            self.__dict__["_recurrent_dropout_mask"] = self._create_dropout_mask(step_input, self.recurrent_dropout)
        return self.__dict__.get("_recurrent_dropout_mask")

    def reset_dropout_mask(self):
        """Forgets the input mask, so the next sequence draws a new one."""
        self.__dict__["_dropout_mask"] = None

    def reset_recurrent_dropout_mask(self):
        """Forgets the recurrent mask, so the next sequence draws a new one."""
        self.__dict__["_recurrent_dropout_mask"] = None
