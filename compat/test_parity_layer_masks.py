"""Parity of mask handling with real Keras on torch, for the layers of the convolution, pooling, reshaping,
normalization, regularization, preprocessing and wrapper families.

A `Masking` layer attaches a timestep mask (some steps zero everywhere) to a (batch, steps, features) input; the
layer under test, with Keras's weights copied in, must give the same outputs, the same output mask (carried on
unchanged, consumed, or dropped exactly where Keras does), the same gradients with respect to the input and its
trainable weights, and the same `supports_masking`. Layers that act differently in training (seeded noise,
BatchNormalization's masked batch statistics) are compared in both modes. The recurrent and attention layers'
masks are compared in their own parity files.
"""

import numpy as np
import pytest
import torch

ATOL = 1e-5

# (layer class, constructor arguments). All take the same (3, 5, 6) input with a timestep mask.
CASES = [
    ("BatchNormalization", {}),
    ("BatchNormalization", {"momentum": 0.5, "center": False}),
    ("LayerNormalization", {}),
    ("GroupNormalization", {"groups": 2}),
    ("UnitNormalization", {}),
    ("RMSNormalization", {}),
    ("SpatialDropout1D", {"rate": 0.4, "seed": 1}),
    ("GaussianDropout", {"rate": 0.3, "seed": 2}),
    ("GaussianNoise", {"stddev": 0.3, "seed": 3}),
    ("AlphaDropout", {"rate": 0.3, "seed": 4}),
    ("ActivityRegularization", {"l1": 0.1}),
    ("Rescaling", {"scale": 2.0, "offset": 0.5}),
    ("Normalization", {"mean": 0.5, "variance": 2.0}),
    ("GlobalAveragePooling1D", {}),
    ("GlobalAveragePooling1D", {"keepdims": True}),
    ("GlobalMaxPooling1D", {}),
    ("Conv1D", {"filters": 2, "kernel_size": 2}),
    ("SeparableConv1D", {"filters": 2, "kernel_size": 2}),
    ("MaxPooling1D", {}),
    ("AveragePooling1D", {"pool_size": 2}),
    ("Cropping1D", {}),
    ("ZeroPadding1D", {}),
    ("UpSampling1D", {}),
    ("TimeDistributed", {"layer": "Dense"}),
    ("TimeDistributed", {"layer": "BatchNormalization"}),
    ("Bidirectional", {"layer": "LSTM"}),
]  # fmt: skip


def _build(lib, name, kwargs):
    kwargs = dict(kwargs)
    if name in ("TimeDistributed", "Bidirectional"):
        inner = kwargs.pop("layer")
        kwargs["layer"] = {
            "Dense": lambda: lib.layers.Dense(2),
            "LSTM": lambda: lib.layers.LSTM(3, return_sequences=True),
            "BatchNormalization": lambda: lib.layers.BatchNormalization(),
        }[inner]()
    return getattr(lib.layers, name)(**kwargs)


def _data(seed=0):
    x = np.random.default_rng(seed).standard_normal((3, 5, 6)).astype("float32")
    x[0, 3:] = 0.0  # right-padded
    x[1, 0] = 0.0  # a leading hole
    x[2, 1:4] = 0.0  # holes in the middle
    return x


def _numpy(x):
    return x.detach().cpu().numpy()


def _mask(x):
    mask = getattr(x, "_keras_mask", None)
    return None if mask is None else _numpy(mask)


def _run(lib, layer, x, training, weights):
    inputs = torch.tensor(x, requires_grad=True)
    outputs = layer(lib.layers.Masking()(inputs), training=training)
    cotangent = torch.tensor(np.random.default_rng(9).standard_normal(tuple(outputs.shape)).astype("float32"))
    grads = torch.autograd.grad((outputs * cotangent).sum(), [inputs, *weights], allow_unused=True)
    targets = [inputs, *weights]
    return outputs, [np.zeros(tuple(t.shape), "float32") if g is None else _numpy(g) for t, g in zip(targets, grads)]


@pytest.mark.parametrize("training", [False, True], ids=["inference", "training"])
@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_masked_input_parity(keras_ref, kt, index, training):
    name, kwargs = CASES[index]
    ref, ours = _build(keras_ref, name, kwargs), _build(kt, name, kwargs)
    x = _data()
    ref(x)
    ours(x)
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in ref.weights]
    ours.set_weights(ref.get_weights())
    assert ours.supports_masking == ref.supports_masking
    for step in range(2):  # twice: seeded streams and moving statistics advance alike
        data = _data(seed=step)
        ref_out, ref_grads = _run(keras_ref, ref, data, training, [v.value for v in ref.trainable_weights])
        our_out, our_grads = _run(kt, ours, data, training, list(ours.trainable_weights))
        np.testing.assert_allclose(_numpy(our_out), _numpy(ref_out), atol=ATOL, rtol=0)
        ref_mask, our_mask = _mask(ref_out), _mask(our_out)
        assert (our_mask is None) == (ref_mask is None), (our_mask, ref_mask)
        if ref_mask is not None:
            np.testing.assert_array_equal(our_mask, ref_mask)
        for a, b in zip(our_grads, ref_grads):
            np.testing.assert_allclose(a, b, atol=1e-4, rtol=1e-5)
    for a, b in zip(ours.get_weights(), ref.get_weights()):  # BatchNormalization's masked moving statistics
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)
