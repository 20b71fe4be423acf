"""`Variable`: a layer weight. A torch.nn.Parameter that also carries Keras's name, path and trainable flag.

Being a real Parameter, it is moved by `.to()`, found by `parameters()`, saved by `state_dict()` and used by
any torch optimizer; ops on it return plain tensors (Parameter disables subclass propagation), so it costs
nothing on the hot path.
"""

import numpy as np
import torch

from kerastorch.backend.dtypes import standardize_dtype


class Variable(torch.nn.Parameter):
    """A weight with Keras metadata.

    Args:
        data: The initial value (a tensor).
        trainable: Whether the optimizer updates it (`requires_grad` follows it).
        name: The weight's own name, e.g. `"kernel"`.
        path: The full path, e.g. `"sequential/dense/kernel"`.
    """

    def __new__(cls, data, trainable=True, name=None, path=None):
        floating = data.is_floating_point() or data.is_complex()
        variable = super().__new__(cls, data, requires_grad=bool(trainable) and floating)
        variable._keras_name = name
        variable._keras_path = path or name
        variable._trainable = bool(trainable)
        return variable

    @property
    def name(self):
        return self._keras_name

    @property
    def path(self):
        return self._keras_path

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        if self.is_floating_point() or self.is_complex():
            self.requires_grad_(self._trainable)

    @property
    def value(self):
        return self

    def assign(self, value):
        """Overwrites the value in place (shape must match), keeping the same Parameter object."""
        value = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value)
        if tuple(value.shape) != tuple(self.shape):
            raise ValueError(
                f"Cannot assign a value of shape {tuple(value.shape)} to variable '{self.path}' of shape "
                f"{tuple(self.shape)}. Received: value.shape={tuple(value.shape)}"
            )
        with torch.no_grad():
            self.copy_(value)
        return self

    def assign_add(self, value):
        with torch.no_grad():
            self.add_(torch.as_tensor(value, dtype=self.dtype, device=self.device))
        return self

    def assign_sub(self, value):
        with torch.no_grad():
            self.sub_(torch.as_tensor(value, dtype=self.dtype, device=self.device))
        return self

    def numpy(self):
        return self.detach().cpu().numpy()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    @property
    def keras_dtype(self):
        return standardize_dtype(self.dtype)

    def _metadata(self):
        return {"name": self._keras_name, "path": self._keras_path, "trainable": self._trainable}

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = Variable(self.data.clone(memory_format=torch.preserve_format), **self._metadata())
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        return (_rebuild_variable, (self.data, self._metadata()))

    def __repr__(self):
        return f"<Variable path={self.path}, shape={tuple(self.shape)}, dtype={standardize_dtype(self.dtype)}>"


def _rebuild_variable(data, metadata):
    return Variable(data, **metadata)
