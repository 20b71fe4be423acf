"""keras.tree, the image utilities, the (un)packing helpers and name scopes against real Keras 3.15.1."""

import collections
import io

import numpy as np
import pytest

Point = collections.namedtuple("Point", ["x", "y"])

# Structures on which real Keras (torch backend) keeps its documented semantics. (Its torch tree leaves a dict
# inside another dict (at any depth) unsorted and numbers namedtuple paths by sorted field name; kerastorch follows the
# documentation there, see tests/test_public_api.py.)
STRUCTURES = [
    None,
    7,
    "text",
    [1, None],
    (1,),
    [[1]],
    {"b": 1, "a": 2},
    collections.OrderedDict([("b", 1), ("a", 2)]),
    Point(1, 2),
    collections.deque([1, 2]),
    {"x": [1, (2, 3)], "a": Point(4, 5)},
    [{"b": 1, "a": [2, 3]}, {"d": 3, "c": 4}],
    (),
    [],
    {},
]


@pytest.mark.parametrize("structure", STRUCTURES, ids=repr)
def test_tree_flatten_paths_and_nesting(keras_ref, kt, structure):
    assert kt.tree.is_nested(structure) == keras_ref.tree.is_nested(structure)
    assert kt.tree.flatten(structure) == keras_ref.tree.flatten(structure)
    assert kt.tree.flatten_with_path(structure) == keras_ref.tree.flatten_with_path(structure)
    assert kt.tree.lists_to_tuples(structure) == keras_ref.tree.lists_to_tuples(structure)


@pytest.mark.parametrize("structure", [s for s in STRUCTURES if s not in (None, 7, "text")], ids=repr)
def test_tree_pack_and_map(keras_ref, kt, structure):
    leaves = list(range(100, 100 + len(keras_ref.tree.flatten(structure))))
    expected = keras_ref.tree.pack_sequence_as(structure, leaves)
    got = kt.tree.pack_sequence_as(structure, leaves)
    assert got == expected and type(got) is type(expected)
    expected = keras_ref.tree.map_structure(lambda v: (v, "seen"), structure)
    got = kt.tree.map_structure(lambda v: (v, "seen"), structure)
    assert got == expected and type(got) is type(expected)


def test_tree_multi_structure_functions(keras_ref, kt):
    a, b = [1, {"b": 2, "a": 3}], [10, {"a": 30, "b": 20}]
    for tree in (keras_ref.tree, kt.tree):
        assert tree.map_structure(lambda x, y: x + y, a, b) == [11, {"b": 22, "a": 33}]
    assert kt.tree.map_structure(lambda x: x, [1, None], none_is_leaf=False) == [1, None]
    assert kt.tree.map_structure(lambda x: 5, None, none_is_leaf=False) is None
    deep = [[1, 1], [2, 2]]
    for shallow, func in (([None, None], len), ([None, [None, None]], str)):
        expected = keras_ref.tree.map_structure_up_to(shallow, func, deep)
        assert kt.tree.map_structure_up_to(shallow, func, deep) == expected
    shapes = {"a": (None, 3), "b": [(1, 2), [4]]}
    assert kt.tree.map_shape_structure(lambda s: ("shape", s), shapes) == keras_ref.tree.map_shape_structure(
        lambda s: ("shape", s), shapes)


@pytest.mark.parametrize("a, b", [([1, 2], (1, 2)), ([1, [2]], [1, 2]), ({"a": 1}, {"b": 1}), ([(0, 1)], [(2, 3)])])
def test_tree_structure_checks_agree(keras_ref, kt, a, b):
    def outcome(tree, check):
        try:
            check(tree)(a, b)
        except ValueError:
            return "ValueError"
        return "ok"

    for check in (lambda t: t.assert_same_structure, lambda t: t.assert_same_paths):
        assert outcome(kt.tree, check) == outcome(keras_ref.tree, check)


@pytest.mark.parametrize("top_down", [True, False])
def test_tree_traverse(keras_ref, kt, top_down):
    structure = [(1, 2), [3], {"b": 4, "a": 5}]
    seen_ref, seen_kt = [], []
    assert kt.tree.traverse(seen_kt.append, structure, top_down) == keras_ref.tree.traverse(
        seen_ref.append, structure, top_down)
    assert seen_kt == seen_ref

    def drop_threes(x):
        return kt.tree.MAP_TO_NONE if x == 3 else None

    def drop_threes_ref(x):
        return keras_ref.tree.MAP_TO_NONE if x == 3 else None

    assert kt.tree.traverse(drop_threes, [1, [3], 3], top_down) == keras_ref.tree.traverse(
        drop_threes_ref, [1, [3], 3], top_down)


@pytest.mark.parametrize("args", [(1,), ((1, 2),), ([1, 2],), (1, 2), (1, 2, 3), ((1,), None, 3)])
def test_pack_x_y_sample_weight(keras_ref, kt, args):
    assert kt.utils.pack_x_y_sample_weight(*args) == keras_ref.utils.pack_x_y_sample_weight(*args)


@pytest.mark.parametrize("data", [1, (1,), [1, 2], (1, 2, 3), {"x": 1}])
def test_unpack_x_y_sample_weight(keras_ref, kt, data):
    assert kt.utils.unpack_x_y_sample_weight(data) == keras_ref.utils.unpack_x_y_sample_weight(data)


@pytest.mark.parametrize("shape, data_format, scale", [
    ((5, 4, 3), "channels_last", True),
    ((3, 5, 4), "channels_first", True),
    ((5, 4, 4), "channels_last", False),
    ((5, 4, 1), "channels_last", True),
    ((5, 4, 1), "channels_last", False),  # values above 255: a 32-bit "I" image
])
def test_array_to_img_and_back(keras_ref, kt, shape, data_format, scale):
    x = np.random.default_rng(0).uniform(0, 300 if not scale else 1, size=shape).astype("float32")
    if not scale and shape[-1] != 1:
        x = np.clip(x, 0, 255)
    expected = keras_ref.utils.array_to_img(x, data_format=data_format, scale=scale)
    got = kt.utils.array_to_img(x, data_format=data_format, scale=scale)
    assert got.mode == expected.mode and got.size == expected.size
    np.testing.assert_array_equal(np.asarray(got), np.asarray(expected))
    for fmt in ("channels_last", "channels_first"):
        np.testing.assert_array_equal(kt.utils.img_to_array(got, data_format=fmt),
                                      keras_ref.utils.img_to_array(expected, data_format=fmt))


@pytest.mark.parametrize("kwargs", [
    {},
    {"color_mode": "grayscale"},
    {"color_mode": "rgba"},
    {"target_size": (4, 6)},
    {"target_size": (4, 6), "interpolation": "bilinear"},
    {"target_size": (5, 5), "interpolation": "bicubic", "keep_aspect_ratio": True},
])
def test_save_and_load_img(keras_ref, kt, tmp_path, kwargs):
    x = np.random.default_rng(1).uniform(size=(9, 7, 3))
    kt.utils.save_img(tmp_path / "kt.png", x)
    keras_ref.utils.save_img(tmp_path / "ref.png", x)
    assert (tmp_path / "kt.png").read_bytes() == (tmp_path / "ref.png").read_bytes()
    got = kt.utils.load_img(tmp_path / "kt.png", **kwargs)
    expected = keras_ref.utils.load_img(tmp_path / "ref.png", **kwargs)
    assert got.mode == expected.mode and got.size == expected.size
    np.testing.assert_array_equal(np.asarray(got), np.asarray(expected))
    buffer = io.BytesIO((tmp_path / "kt.png").read_bytes())
    np.testing.assert_array_equal(np.asarray(kt.utils.load_img(buffer, **kwargs)), np.asarray(expected))


@pytest.mark.parametrize("shape, size, data_format, interpolation", [
    ((9, 7, 3), (4, 4), "channels_last", "bilinear"),
    ((2, 9, 7, 3), (5, 3), "channels_last", "nearest"),
    ((3, 6, 10), (4, 4), "channels_first", "bicubic"),
])
def test_smart_resize(keras_ref, kt, shape, size, data_format, interpolation):
    x = np.random.default_rng(2).uniform(size=shape).astype("float32")
    expected = keras_ref.preprocessing.image.smart_resize(x, size, interpolation=interpolation,
                                                          data_format=data_format)
    got = kt.preprocessing.image.smart_resize(x, size, interpolation=interpolation, data_format=data_format)
    assert isinstance(got, np.ndarray) and got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_name_scope_prefixes_weight_paths(keras_ref, kt):
    paths = {}
    for name, keras in (("kt", kt), ("ref", keras_ref)):
        with keras.name_scope("outer"):
            first = keras.layers.Dense(2, name="dense")
            first.build((None, 3))
            with keras.name_scope("inner"):
                second = keras.layers.Dense(2, name="proj")
                second.build((None, 3))
            with keras.name_scope("dense"):  # a user scope named like the layer still adds a level
                third = keras.layers.Dense(2, name="dense")
                third.build((None, 3))
        model = keras.Sequential([keras.layers.Dense(2, name="head")], name="seq")
        with keras.name_scope("s"):
            model.build((None, 3))
        paths[name] = [first.kernel.path, second.bias.path, third.kernel.path, model.weights[0].path]
    assert paths["kt"] == paths["ref"] == ["outer/dense/kernel", "outer/inner/proj/bias",
                                           "outer/dense/dense/kernel", "s/seq/head/kernel"]


def test_layers_serialize_round_trip(keras_ref, kt):
    config = keras_ref.layers.serialize(keras_ref.layers.Dense(3, activation="relu", name="d"))
    assert kt.layers.serialize(kt.layers.Dense(3, activation="relu", name="d")) == config
    layer = kt.layers.deserialize(config)
    assert isinstance(layer, kt.layers.Dense) and layer.units == 3 and layer.name == "d"


def test_get_source_inputs(keras_ref, kt):
    for keras in (kt, keras_ref):
        a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
        out = keras.layers.Dense(2)(keras.layers.Add()([a, keras.layers.Dense(3)(b)]))
        sources = keras.utils.get_source_inputs(out)
        assert len(sources) == 2 and sources[0] is a and sources[1] is b
        assert keras.utils.get_source_inputs(a) == [a]


def test_version_matches_reference(keras_ref, kt):
    assert kt.version() == keras_ref.version()
