"""Nested structures of lists, tuples and dicts: flatten, rebuild and map, for layer arguments and outputs.

Dicts flatten in sorted-key order, as Keras's tree utilities do, so a dict of inputs pairs with a dict of
specs regardless of insertion order.
"""


def is_nested(x):
    return isinstance(x, (list, tuple, dict))


def flatten(structure):
    """All leaves of `structure`, depth first."""
    leaves = []
    _flatten_into(structure, leaves)
    return leaves


def _flatten_into(structure, leaves):
    if isinstance(structure, dict):
        for key in sorted(structure):
            _flatten_into(structure[key], leaves)
    elif isinstance(structure, (list, tuple)):
        for item in structure:
            _flatten_into(item, leaves)
    else:
        leaves.append(structure)


def map_structure(fn, structure):
    """`structure` with `fn` applied to every leaf; containers keep their type (namedtuples included)."""
    if isinstance(structure, dict):
        return type(structure)((key, map_structure(fn, value)) for key, value in structure.items())
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*(map_structure(fn, item) for item in structure))
    if isinstance(structure, (list, tuple)):
        return type(structure)(map_structure(fn, item) for item in structure)
    return fn(structure)


def pack_sequence_as(structure, flat):
    """Rebuilds `structure`'s shape from the leaves in `flat` (inverse of `flatten`)."""
    iterator = iter(flat)

    def rebuild(node):
        if isinstance(node, dict):
            values = {key: rebuild(node[key]) for key in sorted(node)}
            return type(node)((key, values[key]) for key in node)
        if isinstance(node, tuple) and hasattr(node, "_fields"):
            return type(node)(*(rebuild(item) for item in node))
        if isinstance(node, (list, tuple)):
            return type(node)(rebuild(item) for item in node)
        return next(iterator)

    return rebuild(structure)
