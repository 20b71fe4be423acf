"""keras.tree: flatten, rebuild, map and compare nested structures (lists, tuples, namedtuples, dicts, deques).

Built on torch's pytree, as real Keras's own torch backend builds `keras.tree`, so the node types, `None` as a
leaf and the errors for mismatched structures are torch's. Plain dicts (and defaultdicts) are visited in sorted
key order at every depth, `OrderedDict`s in their own order, as Keras documents.

Two places where real Keras 3.15.1 on torch departs from its own documentation and kerastorch follows the
documentation (Keras on JAX / TensorFlow behaves the same way): a dict nested directly in another dict is sorted
too, and a namedtuple's path entries are the positions of its fields.

(`kerastorch.utils.tree` is the lighter helper the layers use internally.)
"""

import collections

from torch.utils import _pytree


class MAP_TO_NONE:
    """Special value for `traverse()`: a `func` returning it replaces the sub-tree with `None`."""


def _is_leaf(structure):
    return _pytree._get_node_type(structure) not in _pytree.SUPPORTED_NODES


def _children(structure):
    """The direct children of a node and the spec that rebuilds it from them."""
    return _pytree.tree_flatten(structure, is_leaf=lambda x: x is not structure)


def _sorted_dicts(structure):
    """`structure` with every plain dict and defaultdict rebuilt in sorted key order, at every depth."""
    if type(structure) is dict:
        return {key: _sorted_dicts(structure[key]) for key in sorted(structure)}
    if type(structure) is collections.defaultdict:
        return collections.defaultdict(structure.default_factory,
                                       {key: _sorted_dicts(structure[key]) for key in sorted(structure)})
    if _is_leaf(structure):
        return structure
    children, spec = _children(structure)
    return _pytree.tree_unflatten([_sorted_dicts(child) for child in children], spec)


def is_nested(structure):
    """Whether `structure` is a container (a sequence, a mapping or a namedtuple), not a leaf."""
    return not _is_leaf(structure)


def flatten(structure):
    """The leaves of `structure` as a list, depth first (`[structure]` for a leaf, including `None`).

    Example:

    >>> keras.tree.flatten({100: "world!", 6: "Hello"})
    ['Hello', 'world!']
    """
    leaves, _ = _pytree.tree_flatten(_sorted_dicts(structure))
    return leaves


def flatten_with_path(structure):
    """`(path, leaf)` pairs in `flatten` order; a path is the tuple of indices and keys leading to the leaf.

    Example:

    >>> keras.tree.flatten_with_path([{"foo": 42}])
    [((0, 'foo'), 42)]
    """
    results = []
    for key_path, leaf in _pytree.tree_flatten_with_path(_sorted_dicts(structure))[0]:
        path = []
        for entry, node in zip(key_path, _path_nodes(structure, key_path)):
            if isinstance(entry, _pytree.SequenceKey):
                path.append(entry.idx)
            elif isinstance(entry, _pytree.MappingKey):
                path.append(entry.key)
            elif isinstance(entry, _pytree.GetAttrKey):
                path.append(type(node)._fields.index(entry.name))
            else:
                raise TypeError(f"Unsupported path entry in a nested structure. Received: entry={entry!r}")
        results.append((tuple(path), leaf))
    return results


def _path_nodes(structure, key_path):
    """The containers a key path walks through (namedtuples need theirs to turn a field name into an index)."""
    node = structure
    for entry in key_path:
        yield node
        if isinstance(entry, _pytree.GetAttrKey):
            node = getattr(node, entry.name)
        elif isinstance(entry, _pytree.SequenceKey):
            node = node[entry.idx]
        elif isinstance(entry, _pytree.MappingKey):
            node = node[entry.key]


def map_structure(func, *structures, none_is_leaf=True):
    """`func` applied to the leaves of `structures` (all of one layout), in a structure of that layout.

    Args:
        func: A callable taking as many arguments as there are structures.
        *structures: Nested structures of the same layout.
        none_is_leaf: When False, `None` leaves are kept as `None` without calling `func`.

    Example:

    >>> keras.tree.map_structure(lambda x, y: x * y, [[1], [2]], [[3], [4]])
    [[3], [8]]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")
    if len(structures) == 1 and not is_nested(structures[0]):
        if structures[0] is None and not none_is_leaf:
            return None
        return func(structures[0])
    if none_is_leaf:
        return _pytree.tree_map(func, *structures)

    def skipping_none(*leaves):
        if leaves[0] is None:
            if any(leaf is not None for leaf in leaves):
                raise ValueError(
                    f"Structure mismatch: some arguments are None, others are not. Received arguments: {leaves}."
                )
            return None
        return func(*leaves)

    return _pytree.tree_map(skipping_none, *structures)


def map_structure_up_to(shallow_structure, func, *structures):
    """Like `map_structure`, but only down to the leaves of `shallow_structure`: deeper parts of `structures`
    are passed to `func` whole.

    Example:

    >>> keras.tree.map_structure_up_to([None, [None, None]], str, [[1, 1], [2, 2]])
    ['[1, 1]', ['2', '2']]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")

    def at_shallow_leaf(shallow, *subtrees):
        if not _is_leaf(shallow):
            raise ValueError("Structures don't have the same nested structure.")
        return func(*subtrees)

    return _pytree.tree_map(at_shallow_leaf, shallow_structure, *structures)


def assert_same_structure(a, b, check_types=None):
    """Raises a ValueError unless `a` and `b` nest the same way with the same container types (a list and a
    tuple differ; dicts match when their keys do). `check_types` is accepted and ignored, as in Keras."""
    del check_types

    def both_leaves(a_leaf, b_leaf):
        if not _is_leaf(a_leaf) or not _is_leaf(b_leaf):
            raise ValueError("Structures don't have the same nested structure.")

    _pytree.tree_map(both_leaves, a, b)


def assert_same_paths(a, b):
    """Raises a ValueError naming the differing paths unless `a` and `b` have the same leaf paths (container
    types are ignored: `[0, 1]` and `(2, 3)` match)."""
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        message = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            message += f"\nPaths in `a` missing in `b`:\n{a_paths - b_paths}"
        if b_paths - a_paths:
            message += f"\nPaths in `b` missing in `a`:\n{b_paths - a_paths}"
        raise ValueError(message)


def pack_sequence_as(structure, flat_sequence):
    """The leaves in `flat_sequence` arranged as `structure` (the inverse of `flatten`).

    Example:

    >>> keras.tree.pack_sequence_as((("a", "b"), "c"), [1, 2, 3])
    ((1, 2), 3)
    """
    _, spec = _pytree.tree_flatten(_sorted_dicts(structure))
    return _pytree.tree_unflatten(list(flat_sequence), spec)


def traverse(func, structure, top_down=True):
    """Applies `func` to every sub-structure, depth first, and returns the structure it rebuilds.

    Top-down, a `func` result other than None replaces the sub-tree and stops the descent into it; bottom-up,
    it replaces the already traversed sub-tree. Return `MAP_TO_NONE` to put `None` in its place.
    """
    if not callable(func):
        raise TypeError(f"`func` must be callable. Received: func={func!r}")
    return _traverse(func, _sorted_dicts(structure), top_down)


def _traverse(func, structure, top_down):
    def traverse_children():
        if _is_leaf(structure):
            return structure
        children, spec = _children(structure)
        return _pytree.tree_unflatten([_traverse(func, child, top_down) for child in children], spec)

    if top_down:
        result = func(structure)
        if result is None:
            return traverse_children()
    else:
        structure = traverse_children()
        result = func(structure)
        if result is None:
            return structure
    return None if result is MAP_TO_NONE else result


def lists_to_tuples(structure):
    """`structure` with every list turned into a tuple."""
    return traverse(lambda node: tuple(node) if isinstance(node, list) else None, structure, top_down=False)


def map_shape_structure(func, structure):
    """`map_structure` that treats shapes (lists or tuples of ints and Nones) as leaves."""

    def is_shape(x):
        return isinstance(x, (list, tuple)) and all(isinstance(e, (int, type(None))) for e in x)

    return _pytree.tree_map(func, _sorted_dicts(structure), is_leaf=is_shape)
