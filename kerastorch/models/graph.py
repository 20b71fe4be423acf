"""Walking the Functional graph: which layer calls lie between a model's inputs and outputs, in which order.

The order is Keras's (deepest first; ties by discovery from the outputs), so layers, weights, summaries and
random draws line up with real Keras for the same model.
"""

import collections

from kerastorch.utils import tree


def _build_map(inputs, outputs):
    finished, in_progress = set(), set()
    nodes_in_decreasing_depth, operation_indices = [], {}
    input_ids = {id(x) for x in tree.flatten(inputs)}

    def visit(tensor):
        history = tensor._keras_history
        if history is None:
            raise ValueError(
                f"Output tensor {tensor} is not the result of a layer call on a keras.Input: a Functional model's "
                "outputs must be computed from its inputs by layers."
            )
        operation, node_index, _ = history
        node = operation._inbound_nodes[node_index]
        if node in finished:
            return
        if node in in_progress:
            raise ValueError(f"Tensor {tensor} from layer '{operation.name}' is part of a cycle.")
        operation_indices.setdefault(operation, len(operation_indices))
        in_progress.add(node)
        if not node.is_input and id(tensor) not in input_ids:
            for parent_tensor in node.input_tensors:
                visit(parent_tensor)
        finished.add(node)
        in_progress.remove(node)
        nodes_in_decreasing_depth.append(node)

    for output in tree.flatten(outputs):
        visit(output)
    return nodes_in_decreasing_depth, operation_indices


def map_graph(inputs, outputs):
    """Returns `(nodes, nodes_by_depth, operations)` for the graph from `inputs` to `outputs`.

    `nodes` is the set of nodes in the model; `nodes_by_depth` maps depth (0 = outputs) to nodes;
    `operations` lists the layers, inputs first.
    """
    nodes_in_decreasing_depth, operation_indices = _build_map(inputs, outputs)
    nodes_depths, operations_depths = {}, {}
    for node in reversed(nodes_in_decreasing_depth):
        depth = max(nodes_depths.setdefault(node, 0), operations_depths.get(node.operation, 0))
        operations_depths[node.operation] = depth
        nodes_depths[node] = depth
        for parent in node.parent_nodes:
            nodes_depths[parent] = max(depth + 1, nodes_depths.get(parent, 0))
    for tensor in tree.flatten(inputs):
        operation = tensor._keras_history.operation
        if operation not in operations_depths:
            operations_depths[operation] = 0
            operation_indices[operation] = -1
            nodes_depths[operation._inbound_nodes[0]] = 0

    nodes_by_depth = collections.defaultdict(list)
    for node, depth in nodes_depths.items():
        nodes_by_depth[depth].append(node)
    operations_by_depth = collections.defaultdict(list)
    for operation, depth in operations_depths.items():
        operations_by_depth[depth].append(operation)
    operations = []
    for depth in sorted(operations_by_depth, reverse=True):
        operations.extend(sorted(operations_by_depth[depth], key=lambda op: operation_indices[op]))

    computable = {id(x) for x in tree.flatten(inputs)}
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            if not node.is_input:
                for tensor in node.input_tensors:
                    if id(tensor) not in computable:
                        raise ValueError(
                            f"Graph disconnected: cannot find a value for tensor {tensor} at layer "
                            f"'{node.operation.name}'. The following previous layers were accessed without issue: "
                            f"{[op.name for op in operations[: operations.index(node.operation)]]}"
                        )
            if not node.is_input:
                computable.update(id(x) for x in node.outputs)

    names = [op.name for op in operations]
    for name in set(names):
        if names.count(name) > 1:
            raise ValueError(
                f'The name "{name}" is used {names.count(name)} times in the model. All operation names should be '
                "unique."
            )
    return set(nodes_depths), nodes_by_depth, operations
