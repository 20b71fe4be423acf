"""Parity of the core, activation, regularization, reshaping and merging layers with real Keras on torch.

Each case builds the same layer in both, copies Keras's weights into kerastorch with `set_weights`, and
compares outputs on the same float32 input (inference, and training where it is deterministic: a seeded
Dropout draws the same mask), weight names, output masks, and `get_config()` dicts. Models compare parameter
counts. TorchModuleWrapper also compares training-mode outputs and gradients.
"""

import copy

import numpy as np
import pytest
import torch

ATOL = 1e-5
SHARED_LAMBDA = lambda x: x * 2.0 + 1.0  # noqa: E731 - the same code object in both, so the configs match

# (layer class, constructor arguments, input shape or list of shapes, input dtype). One line per case.
CASES = [
    ("Dense", {"units": 4}, (2, 3), "float32"),
    ("Dense", {"units": 3, "activation": "tanh", "use_bias": False}, (2, 5, 3), "float32"),
    ("Activation", {"activation": "softmax"}, (2, 5), "float32"),
    ("Activation", {"activation": "gelu"}, (2, 5), "float32"),
    ("Dropout", {"rate": 0.5}, (4, 6), "float32"),
    ("Dropout", {"rate": 0.4, "seed": 7}, (4, 6), "float32"),
    ("Dropout", {"rate": 0.4, "seed": 3, "noise_shape": (None, 1, 6)}, (4, 5, 6), "float32"),
    ("Flatten", {}, (2, 3, 4), "float32"),
    ("Flatten", {"data_format": "channels_first"}, (2, 3, 4, 5), "float32"),
    ("Flatten", {}, (3,), "float32"),
    ("Reshape", {"target_shape": (4, 3)}, (2, 12), "float32"),
    ("Reshape", {"target_shape": (-1, 2)}, (2, 3, 4), "float32"),
    ("Permute", {"dims": (2, 1)}, (2, 3, 4), "float32"),
    ("Permute", {"dims": (3, 1, 2)}, (2, 3, 4, 5), "float32"),
    ("RepeatVector", {"n": 3}, (2, 4), "float32"),
    ("Softmax", {}, (2, 3, 4), "float32"),
    ("Softmax", {"axis": 1}, (2, 3, 4), "float32"),
    ("Softmax", {"axis": (1, 2)}, (2, 3, 4), "float32"),
    ("ReLU", {}, (2, 6), "float32"),
    ("ReLU", {"max_value": 1.0, "negative_slope": 0.1, "threshold": 0.2}, (2, 6), "float32"),
    ("LeakyReLU", {}, (2, 6), "float32"),
    ("LeakyReLU", {"negative_slope": 0.05}, (2, 6), "float32"),
    ("ELU", {}, (2, 6), "float32"),
    ("ELU", {"alpha": 0.7}, (2, 6), "float32"),
    ("PReLU", {"alpha_initializer": "random_normal"}, (2, 3, 4), "float32"),
    ("PReLU", {"alpha_initializer": "random_normal", "shared_axes": [1]}, (2, 3, 4), "float32"),
    ("Embedding", {"input_dim": 10, "output_dim": 3}, (2, 5), "int32"),
    ("Embedding", {"input_dim": 10, "output_dim": 4, "mask_zero": True}, (2, 5), "int32"),
    ("Lambda", {"function": SHARED_LAMBDA}, (2, 3), "float32"),
    ("Lambda", {"function": SHARED_LAMBDA, "output_shape": (3,)}, (2, 3), "float32"),
    ("Identity", {}, (2, 3), "float32"),
    ("Masking", {}, (2, 4, 3), "float32"),
    ("Masking", {"mask_value": 0.5}, (2, 4, 3), "float32"),
    ("Concatenate", {}, [(2, 3, 4), (2, 3, 2)], "float32"),
    ("Concatenate", {"axis": 1}, [(2, 3, 4), (2, 1, 4)], "float32"),
    ("Add", {}, [(2, 3, 4), (2, 3, 4), (2, 3, 4)], "float32"),
    ("Add", {}, [(2, 4), (2, 3, 4)], "float32"),
    ("Subtract", {}, [(2, 3, 4), (2, 3, 4)], "float32"),
    ("Multiply", {}, [(2, 3, 4), (2, 1, 4)], "float32"),
    ("Average", {}, [(2, 3, 4), (2, 3, 4)], "float32"),
    ("Maximum", {}, [(2, 3, 4), (2, 3, 4)], "float32"),
    ("Minimum", {}, [(2, 3, 4), (2, 3, 4)], "float32"),
    ("Dot", {"axes": 1}, [(2, 4), (2, 4)], "float32"),
    ("Dot", {"axes": (2, 2)}, [(2, 3, 4), (2, 5, 4)], "float32"),
    ("Dot", {"axes": -1, "normalize": True}, [(2, 3, 4), (2, 5, 4)], "float32"),
    ("Dot", {"axes": (3, 1)}, [(2, 3, 4, 5), (2, 5, 6)], "float32"),
]  # fmt: skip

# Unseeded dropout draws from each framework's own global stream: compare only where it is seeded.
NONDETERMINISTIC_IN_TRAINING = {("Dropout", 0)}


def _data(shapes, dtype, seed=0):
    rng = np.random.default_rng(seed)

    def make(shape):
        if "int" in dtype:
            return rng.integers(0, 10, size=shape).astype(dtype)
        values = rng.standard_normal(shape).astype(dtype)
        values[values < -1.2] = 0.0  # some all-zero features, so masks and thresholds have work to do
        return values

    if isinstance(shapes[0], (tuple, list)):
        return [make(s) for s in shapes]
    return make(shapes)


def _numpy(x):
    if isinstance(x, (list, tuple)):
        return [_numpy(v) for v in x]
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _mask(x):
    mask = getattr(x, "_keras_mask", None)
    return None if mask is None else _numpy(mask)


def _pair(keras_ref, kt, name, kwargs, index):
    kwargs = {**kwargs, "name": f"{name.lower()}_case_{index}"}
    ref = getattr(keras_ref.layers, name)(**kwargs)
    if name == "TorchModuleWrapper":
        kwargs["module"] = copy.deepcopy(kwargs["module"])
    ours = getattr(kt.layers, name)(**kwargs)
    return ref, ours


def _assert_same_config(ref, ours, ignore=()):
    ref_config = {k: v for k, v in ref.get_config().items() if k not in ignore}
    our_config = {k: v for k, v in ours.get_config().items() if k not in ignore}
    assert our_config == ref_config


@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_layer_parity(keras_ref, kt, index):
    name, kwargs, shapes, dtype = CASES[index]
    ref, ours = _pair(keras_ref, kt, name, kwargs, index)
    x = _data(shapes, dtype)
    ref_out = ref(x)
    ours(x)
    assert [w.shape for w in ours.get_weights()] == [tuple(w.shape) for w in ref.get_weights()]
    assert [w.name for w in ours.weights] == [w.name for w in ref.weights]
    ours.set_weights(ref.get_weights())
    our_out = ours(x)
    np.testing.assert_allclose(_numpy(our_out), _numpy(ref_out), atol=ATOL, rtol=0)
    ref_mask, our_mask = _mask(ref_out), _mask(our_out)
    assert (ref_mask is None) == (our_mask is None)
    if ref_mask is not None:
        np.testing.assert_array_equal(our_mask, ref_mask)
    _assert_same_config(ref, ours)
    assert ours.supports_masking == ref.supports_masking
    if (name, kwargs.get("seed", 0) or 0) not in NONDETERMINISTIC_IN_TRAINING:
        for _ in range(2):  # twice: a seeded layer must advance its stream as Keras does
            np.testing.assert_allclose(
                _numpy(ours(x, training=True)), _numpy(ref(x, training=True)), atol=ATOL, rtol=0
            )


def test_torch_module_wrapper_parity(keras_ref, kt):
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Dropout(0.4),
                                 torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
    ref, ours = _pair(keras_ref, kt, "TorchModuleWrapper", {"module": module}, 0)
    x = _data((5, 3), "float32")
    assert [w.shape for w in ours.get_weights()] == [tuple(w.shape) for w in ref.get_weights()]
    assert len(ours.trainable_weights) == len(ref.trainable_weights) == 6
    ours.set_weights([w * 0.5 for w in ref.get_weights()])
    ref.set_weights([w * 0.5 for w in ref.get_weights()])
    np.testing.assert_allclose(_numpy(ours(x, training=False)), _numpy(ref(x, training=False)), atol=ATOL)
    # Training mode: the module's own Dropout draws from torch's global generator, seeded alike for both; its
    # BatchNorm uses the batch statistics. Gradients with respect to the input and every weight.
    cotangent = torch.tensor(_data((5, 2), "float32", seed=3))
    results = []
    for layer, weights in ((ref, [v.value for v in ref.trainable_weights]), (ours, list(ours.trainable_weights))):
        inputs = torch.tensor(x, requires_grad=True)
        torch.manual_seed(7)
        outputs = layer(inputs, training=True)
        grads = torch.autograd.grad((outputs * cotangent).sum(), [inputs, *weights])
        results.append([_numpy(outputs)] + [_numpy(g) for g in grads])
    for a, b in zip(results[1], results[0]):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=1e-5)
    # The module is saved with torch.save, whose archive carries a random id: compare the other keys.
    _assert_same_config(ref, ours, ignore=("module",))


def test_torch_module_wrapper_unset_training_is_training_mode(keras_ref, kt):
    """A direct call without `training` runs the module in training mode in Keras (BatchNorm on the batch's
    statistics, its running statistics updated); inside `predict` it runs in inference mode."""
    x = _data((6, 3), "float32")
    results = []
    for lib in (keras_ref, kt):
        layer = lib.layers.TorchModuleWrapper(torch.nn.BatchNorm1d(3, momentum=0.5))
        direct = _numpy(layer(torch.tensor(x)))
        running_mean = layer.module.running_mean.detach().cpu().numpy().copy()
        model = lib.Sequential([lib.Input((3,)), layer])
        predicted = model.predict(x, verbose=0)
        results.append((direct, running_mean, predicted, layer.module.running_mean.detach().cpu().numpy()))
    for ours, ref in zip(results[1], results[0]):
        np.testing.assert_allclose(ours, ref, atol=ATOL, rtol=1e-5)
    assert np.abs(results[1][0].mean(axis=0)).max() < 1e-5, "normalized by the batch's own statistics"


@pytest.mark.parametrize("merge", ["Add", "Concatenate", "Maximum", "Minimum", "Multiply", "Average"])
def test_masks_through_merges(keras_ref, kt, merge):
    x = _data((2, 5, 3), "float32")
    x[:, 1] = 0.0
    x[0, 3] = 0.0
    y = _data((2, 5, 3), "float32", seed=1)
    y[:, 1] = 0.0
    y[1, 4] = 0.0
    outputs = []
    for lib in (keras_ref, kt):
        a, b = lib.layers.Masking()(x), lib.layers.Masking()(y)
        merged = getattr(lib.layers, merge)()([a, b])
        outputs.append((merged, lib.layers.Dense(2, kernel_initializer="ones")(merged)))
    (ref_merged, ref_dense), (our_merged, our_dense) = outputs
    np.testing.assert_allclose(_numpy(our_merged), _numpy(ref_merged), atol=ATOL)
    np.testing.assert_array_equal(_mask(our_merged), _mask(ref_merged))
    np.testing.assert_array_equal(_mask(our_dense), _mask(ref_dense))


def test_embedding_mask_reaches_downstream(keras_ref, kt):
    ids = np.array([[3, 0, 5, 0], [0, 2, 2, 1]], dtype="int32")
    masks = []
    for lib in (keras_ref, kt):
        embedded = lib.layers.Embedding(8, 3, mask_zero=True)(ids)
        masks.append(_mask(lib.layers.Dense(2)(lib.layers.Dropout(0.1)(embedded))))
    np.testing.assert_array_equal(masks[1], masks[0])
    np.testing.assert_array_equal(masks[0], ids != 0)


def _sequential(lib):
    return lib.Sequential([
        lib.Input((6,), dtype="int32"),
        lib.layers.Embedding(20, 4, mask_zero=True),
        lib.layers.Masking(),
        lib.layers.Flatten(),
        lib.layers.Dense(8),
        lib.layers.PReLU(),
        lib.layers.Dropout(0.3),
        lib.layers.RepeatVector(2),
        lib.layers.Permute((2, 1)),
        lib.layers.Reshape((-1,)),
        lib.layers.LeakyReLU(),
        lib.layers.Dense(3, activation="softmax"),
    ])  # fmt: skip


def _functional(lib):
    a, b = lib.Input((5,)), lib.Input((5,))
    ha = lib.layers.Dense(4, activation="relu")(a)
    hb = lib.layers.Dense(4)(b)
    merged = lib.layers.concatenate([lib.layers.add([ha, hb]), lib.layers.multiply([ha, hb]), lib.layers.dot([ha, hb], axes=1)])
    merged = lib.layers.ELU()(lib.layers.Softmax()(merged))
    out = lib.layers.Dense(2)(lib.layers.Lambda(lambda t: t * 3.0)(merged))
    return lib.Model([a, b], out)


@pytest.mark.parametrize("build", [_sequential, _functional], ids=["sequential", "functional"])
def test_model_parameter_counts_and_outputs(keras_ref, kt, build):
    ref, ours = build(keras_ref), build(kt)
    assert ours.count_params() == ref.count_params()
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in ref.weights]
    ours.set_weights(ref.get_weights())
    if build is _sequential:
        x = np.array([[1, 2, 0, 4, 5, 0], [7, 0, 0, 1, 1, 2]], dtype="int32")
    else:
        x = _data([(3, 5), (3, 5)], "float32")
    np.testing.assert_allclose(_numpy(ours(x)), _numpy(ref(x)), atol=ATOL, rtol=0)
