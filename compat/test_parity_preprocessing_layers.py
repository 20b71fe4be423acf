"""Parity of the preprocessing layers with real Keras on torch.

Numeric layers: the same input through both, outputs within 1e-5, the same weight names, equal `get_config()`
dicts (each library also loads the other's), and for the differentiable ones the same input gradients. Random
image layers with a `seed` draw the same numbers as Keras (same torch generator seeding), so their training
outputs are compared exactly too (twice: the seed stream must advance as Keras's does); at inference they
must return the input. StringLookup, IntegerLookup, TextVectorization and Hashing need TensorFlow in Keras
3.15.1: compat/test_parity_string_layers.py compares them with outputs real Keras recorded on TensorFlow
(compat/fixtures/make_string_layer_fixtures.py).
"""

import copy

import numpy as np
import pytest
import torch

ATOL = 1e-5

# (layer class, constructor arguments, input shape, input kind, whether training differs from inference)
CASES = [
    ("Rescaling", {"scale": 1 / 255.0}, (2, 4, 4, 3), "pixels", False),
    ("Rescaling", {"scale": 1 / 127.5, "offset": -1.0}, (2, 5), "pixels", False),
    ("Normalization", {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0]}, (4, 3), "normal", False),
    ("Normalization", {"mean": 2.0, "variance": 3.0, "invert": True}, (4, 3), "normal", False),
    ("Normalization", {"axis": (1, 2), "mean": [[1.0, 2.0]], "variance": [[2.0, 0.5]]}, (3, 1, 2), "normal", False),
    ("Resizing", {"height": 5, "width": 7}, (2, 8, 6, 3), "pixels", False),
    ("Resizing", {"height": 4, "width": 4, "interpolation": "nearest"}, (2, 7, 9, 2), "pixels", False),
    ("Resizing", {"height": 6, "width": 3, "interpolation": "bicubic", "crop_to_aspect_ratio": True}, (2, 8, 8, 3), "pixels", False),
    ("Resizing", {"height": 6, "width": 4, "pad_to_aspect_ratio": True, "fill_value": 7.0}, (1, 5, 9, 2), "pixels", False),
    ("Resizing", {"height": 3, "width": 5, "antialias": True, "data_format": "channels_first"}, (2, 3, 9, 10), "pixels", False),
    ("CenterCrop", {"height": 4, "width": 3}, (2, 7, 6, 3), "pixels", False),
    ("CenterCrop", {"height": 9, "width": 4}, (2, 6, 6, 1), "pixels", False),
    ("CenterCrop", {"height": 2, "width": 2, "data_format": "channels_first"}, (3, 5, 5), "pixels", False),
    ("CategoryEncoding", {"num_tokens": 6}, (4, 3), "ints", False),
    ("CategoryEncoding", {"num_tokens": 6, "output_mode": "one_hot"}, (4, 1), "ints", False),
    ("CategoryEncoding", {"num_tokens": 6, "output_mode": "count"}, (4, 5), "ints", False),
    ("Discretization", {"bin_boundaries": [-0.5, 0.0, 0.7]}, (3, 4), "normal", False),
    ("Discretization", {"bin_boundaries": [-0.5, 0.5], "output_mode": "one_hot"}, (5,), "normal", False),
    ("Discretization", {"bin_boundaries": [-0.5, 0.5], "output_mode": "count"}, (3, 4), "normal", False),
    ("RandomFlip", {"seed": 3}, (4, 5, 6, 2), "pixels", True),
    ("RandomFlip", {"mode": "horizontal", "seed": 5}, (6, 3, 4, 1), "pixels", True),
    ("RandomFlip", {"mode": "vertical", "seed": 9, "data_format": "channels_first"}, (6, 2, 3, 4), "pixels", True),
    ("RandomRotation", {"factor": 0.2, "seed": 1}, (3, 8, 7, 2), "pixels", True),
    ("RandomRotation", {"factor": (-0.5, 0.1), "fill_mode": "constant", "fill_value": 3.0, "seed": 2}, (2, 6, 6, 3), "pixels", True),
    ("RandomRotation", {"factor": 0.3, "fill_mode": "wrap", "interpolation": "nearest", "seed": 4}, (2, 7, 5, 1), "pixels", True),
    ("RandomRotation", {"factor": 0.25, "fill_mode": "nearest", "seed": 6, "data_format": "channels_first"}, (2, 3, 6, 6), "pixels", True),
    ("RandomZoom", {"height_factor": 0.3, "seed": 7}, (3, 8, 8, 2), "pixels", True),
    ("RandomZoom", {"height_factor": (-0.4, -0.1), "width_factor": (0.1, 0.5), "fill_mode": "constant", "seed": 8}, (2, 6, 9, 1), "pixels", True),
    ("RandomZoom", {"height_factor": 0.5, "interpolation": "nearest", "fill_mode": "wrap", "seed": 9}, (7, 7, 3), "pixels", True),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.3, "seed": 10}, (3, 8, 8, 2), "pixels", True),
    ("RandomTranslation", {"height_factor": (-0.3, 0.3), "width_factor": 0.5, "fill_mode": "constant", "interpolation": "nearest", "seed": 11}, (2, 6, 5, 1), "pixels", True),
    ("RandomTranslation", {"height_factor": 0.4, "width_factor": 0.1, "fill_mode": "nearest", "seed": 12, "data_format": "channels_first"}, (2, 2, 6, 6), "pixels", True),
    ("RandomContrast", {"factor": 0.5, "seed": 13}, (3, 5, 5, 3), "pixels", True),
    ("RandomContrast", {"factor": (0.2, 0.8), "value_range": (0, 1), "seed": 14}, (2, 4, 4, 1), "unit", True),
    # Channels-first versions of the random layers, the reflect fill, and the remaining numeric options.
    ("RandomZoom", {"height_factor": 0.3, "width_factor": (-0.2, 0.3), "seed": 15, "data_format": "channels_first"}, (3, 2, 8, 8), "pixels", True),
    ("RandomContrast", {"factor": 0.4, "seed": 16, "data_format": "channels_first"}, (3, 3, 5, 5), "pixels", True),
    ("RandomFlip", {"mode": "horizontal_and_vertical", "seed": 17, "data_format": "channels_first"}, (4, 3, 5, 6), "pixels", True),
    ("RandomRotation", {"factor": 0.2, "fill_mode": "reflect", "seed": 18, "data_format": "channels_first"}, (2, 2, 7, 6), "pixels", True),
    ("RandomTranslation", {"height_factor": 0.3, "width_factor": 0.2, "fill_mode": "reflect", "seed": 19}, (2, 7, 6, 2), "pixels", True),
    ("Resizing", {"height": 5, "width": 4, "crop_to_aspect_ratio": True, "data_format": "channels_first"}, (2, 3, 8, 10), "pixels", False),
    ("Resizing", {"height": 5, "width": 4, "pad_to_aspect_ratio": True, "data_format": "channels_first"}, (2, 3, 9, 6), "pixels", False),
    ("CenterCrop", {"height": 7, "width": 3, "data_format": "channels_first"}, (2, 3, 5, 6), "pixels", False),
    ("Rescaling", {"scale": [0.5, 2.0, 1.0], "offset": 1.0}, (2, 4, 4, 3), "pixels", False),
    ("Normalization", {"axis": 1, "mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0]}, (4, 3, 5), "normal", False),
    ("CategoryEncoding", {"num_tokens": 6, "output_mode": "multi_hot"}, (5,), "ints", False),
    ("CategoryEncoding", {"num_tokens": 6, "output_mode": "one_hot"}, (4,), "ints", False),
    ("Discretization", {"bin_boundaries": [-0.5, 0.5], "output_mode": "multi_hot"}, (3, 4), "normal", False),
    ("Discretization", {"bin_boundaries": [-1.0, 0.0, 2.0]}, (3, 4), "ints", False),
    ("Discretization", {"bin_boundaries": [0.0, 0.5], "dtype": "int64"}, (3, 4), "normal", False),
    ("Discretization", {"bin_boundaries": [0.0, 0.5], "output_mode": "one_hot", "dtype": "int64"}, (3, 4), "normal", False),
]  # fmt: skip


def _data(shape, kind, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "pixels":
        return rng.uniform(0, 255, size=shape).astype("float32")
    if kind == "unit":
        return rng.uniform(0, 1, size=shape).astype("float32")
    if kind == "ints":
        return rng.integers(0, 6, size=shape).astype("int32")
    return rng.standard_normal(shape).astype("float32")


def _numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _pair(keras_ref, kt, name, kwargs, index):
    kwargs = {**kwargs, "name": f"{name.lower()}_case_{index}"}
    return getattr(keras_ref.layers, name)(**kwargs), getattr(kt.layers, name)(**kwargs)


@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_layer_parity(keras_ref, kt, index):
    name, kwargs, shape, kind, random = CASES[index]
    ref, ours = _pair(keras_ref, kt, name, kwargs, index)
    x = _data(shape, kind)
    ref_out, our_out = _numpy(ref(x, training=False)), _numpy(ours(x, training=False))
    assert our_out.shape == ref_out.shape
    assert our_out.dtype == ref_out.dtype
    np.testing.assert_allclose(our_out, ref_out, atol=ATOL, rtol=0)
    assert [w.name for w in ours.weights] == [w.name for w in ref.weights]
    assert ours.get_config() == ref.get_config()
    # Each library rebuilds the other's config into the same config (Keras's `from_config` pops keys: copies).
    assert type(ours).from_config(copy.deepcopy(ref.get_config())).get_config() == ref.get_config()
    assert type(ref).from_config(copy.deepcopy(ours.get_config())).get_config() == ref.get_config()
    if random:
        np.testing.assert_allclose(our_out, x, atol=0, rtol=0)  # inference passes the input through
        for _ in range(2):  # twice: the seed stream must advance as Keras's does
            ref_train, our_train = _numpy(ref(x, training=True)), _numpy(ours(x, training=True))
            np.testing.assert_allclose(our_train, ref_train, atol=1e-3, rtol=1e-5)


def test_normalization_adapt_parity(keras_ref, kt):
    x = _data((20, 4), "normal") * 3.0 + 1.0
    batches = [x[:7], x[7:15], x[15:]]
    # Keras's adapt() on an iterable needs TensorFlow: its array adapt is the reference for both (pooling the
    # batches' statistics is exact).
    for data in (x, batches):
        ref, ours = keras_ref.layers.Normalization(name="norm"), kt.layers.Normalization(name="norm")
        ref.adapt(x)
        ours.adapt(data)
        assert [w.name for w in ours.weights] == [w.name for w in ref.weights]
        for a, b in zip(ours.get_weights(), ref.get_weights()):
            assert a.dtype == b.dtype
            np.testing.assert_allclose(a, b, atol=ATOL, rtol=1e-5)
        np.testing.assert_allclose(_numpy(ours(x)), _numpy(ref(x)), atol=1e-4, rtol=0)
        assert ours.get_config() == ref.get_config()


@pytest.mark.parametrize("name, kwargs", [
    ("Normalization", {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0]}),
    ("Normalization", {"mean": 0.5, "variance": 2.0, "invert": True}),
    ("Rescaling", {"scale": [0.5, 2.0, 1.0], "offset": -1.0}),
    ("Resizing", {"height": 3, "width": 5}),
    ("Resizing", {"height": 6, "width": 4, "interpolation": "bicubic", "crop_to_aspect_ratio": True}),
    ("CenterCrop", {"height": 3, "width": 2}),
])  # fmt: skip
def test_input_gradient_parity(keras_ref, kt, name, kwargs):
    """The differentiable preprocessing layers pass the same gradients back to their inputs."""
    x = _data((2, 5, 4, 3), "normal")
    cotangent = None
    grads = []
    for lib in (keras_ref, kt):
        inputs = torch.tensor(x, requires_grad=True)
        outputs = getattr(lib.layers, name)(**kwargs)(inputs)
        if cotangent is None:
            cotangent = torch.tensor(_data(tuple(outputs.shape), "normal", seed=1))
        grads.append(torch.autograd.grad((outputs * cotangent).sum(), inputs)[0].numpy())
    np.testing.assert_allclose(grads[1], grads[0], atol=ATOL, rtol=1e-5)


def test_normalization_axis_none_adapt_parity(keras_ref, kt):
    x = _data((6, 3, 2), "normal")
    ref, ours = keras_ref.layers.Normalization(axis=None), kt.layers.Normalization(axis=None)
    ref.adapt(x)
    ours.adapt(torch.as_tensor(x))
    np.testing.assert_allclose(_numpy(ours(x)), _numpy(ref(x)), atol=1e-4, rtol=0)


@pytest.mark.parametrize("output_mode", ["int", "multi_hot"])
def test_discretization_adapt_parity(keras_ref, kt, output_mode):
    x = _data((200, 1), "normal")
    ref = keras_ref.layers.Discretization(num_bins=5, output_mode=output_mode, name="disc")
    ours = kt.layers.Discretization(num_bins=5, output_mode=output_mode, name="disc")
    # Keras's adapt() checks for tf.data first (needs TensorFlow); for an array it runs these two steps.
    ref.update_state(x)
    ref.finalize_state()
    ours.adapt(x)
    np.testing.assert_allclose(ours.bin_boundaries, ref.bin_boundaries, atol=1e-6)
    np.testing.assert_allclose(_numpy(ours(x)), _numpy(ref(x)), atol=0)
    assert ours.get_config() == ref.get_config()


def test_category_encoding_count_weights_parity(keras_ref, kt):
    x = _data((3, 4), "ints")
    weights = _data((3, 4), "unit", seed=1)
    ref_out = keras_ref.layers.CategoryEncoding(num_tokens=6, output_mode="count")(x, count_weights=weights)
    ours = kt.layers.CategoryEncoding(num_tokens=6, output_mode="count")(x, count_weights=weights)
    np.testing.assert_allclose(_numpy(ours), _numpy(ref_out), atol=ATOL)


@pytest.mark.parametrize("name", ["RandomFlip", "RandomRotation", "RandomContrast"])
def test_random_layers_inside_a_model(keras_ref, kt, name):
    """In a model, predict() runs in inference (input unchanged) and a training call augments."""
    kwargs = {"RandomFlip": {"seed": 1}, "RandomRotation": {"factor": 0.3, "seed": 1},
              "RandomContrast": {"factor": 0.5, "seed": 1}}[name]
    x = _data((4, 6, 6, 3), "pixels")
    for lib in (keras_ref, kt):
        inputs = lib.Input((6, 6, 3))
        model = lib.Model(inputs, getattr(lib.layers, name)(**kwargs)(inputs))
        np.testing.assert_allclose(_numpy(model.predict(x, verbose=0)), x, atol=1e-5)
        assert not np.allclose(_numpy(model(x, training=True)), x)
