"""`Node`: one call of a layer on symbolic tensors; the edges of the Functional graph."""

from kerastorch.backend.keras_tensor import KerasHistory
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.utils import tree


class Node:
    """Records `outputs = operation(*call_args, **call_kwargs)` for symbolic inputs.

    The outputs' `_keras_history` points back here, so walking from a model's outputs to its inputs finds every
    layer call in between.
    """

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=()):
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = tree.flatten(outputs)
        self.input_tensors = [x for x in tree.flatten((self.call_args, self.call_kwargs)) if isinstance(x, KerasTensor)]
        self.is_input = not self.input_tensors
        node_index = len(operation._inbound_nodes)
        operation._inbound_nodes.append(self)
        for index, tensor in enumerate(self.outputs):
            if isinstance(tensor, KerasTensor):
                tensor._keras_history = KerasHistory(operation, node_index, index)
        for tensor in self.input_tensors:
            if tensor._keras_history is not None:
                tensor._keras_history.operation._outbound_nodes.append(self)

    @property
    def parent_nodes(self):
        parents = []
        for tensor in self.input_tensors:
            history = tensor._keras_history
            if history is not None:
                parents.append(history.operation._inbound_nodes[history.node_index])
        return parents
