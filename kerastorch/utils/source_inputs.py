"""`get_source_inputs`: the `keras.Input` tensors a symbolic tensor was computed from."""

from kerastorch.utils import tree


def get_source_inputs(tensor):
    """The input tensors (from `keras.Input`) that `tensor` depends on, following its layer calls back.

    Args:
        tensor: A symbolic tensor.

    Returns:
        A list of input tensors, each once, in the order they are reached; `tensor` itself when it carries no
        layer history.
    """
    if not hasattr(tensor, "_keras_history"):
        return tensor
    history = tensor._keras_history
    if history is None or not history.operation._inbound_nodes:
        return [tensor]
    node = history.operation._inbound_nodes[history.node_index]
    if node.is_input:
        return tree.flatten(node.outputs)
    sources = []
    for parent in node.input_tensors:
        for source in get_source_inputs(parent):
            if all(source is not seen for seen in sources):
                sources.append(source)
    return sources
