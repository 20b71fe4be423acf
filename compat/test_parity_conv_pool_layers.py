"""Parity of the convolution, pooling and spatial reshaping layers with real Keras on torch.

Each case builds the same layer in both, copies Keras's weights into kerastorch with `set_weights`, and compares
on the same float32 input: the outputs, the gradients (torch autograd on both) of `sum(output * cotangent)`
with respect to the input and to every trainable weight, the outputs in training mode, `compute_output_shape`,
the weight names, and the `get_config()` dicts (each library also loads the other's config).
"""

import copy

import numpy as np
import pytest
import torch

ATOL = 1e-5
CF = {"data_format": "channels_first"}

# (layer class, constructor arguments, input shape). One line per case.
CASES = [
    ("Conv1D", {"filters": 4, "kernel_size": 3}, (2, 9, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 10, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 4, "strides": 3, "padding": "same", **CF}, (2, 3, 11)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (2, 9, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 2, "padding": "causal", **CF}, (2, 3, 7)),
    ("Conv1D", {"filters": 6, "kernel_size": 3, "groups": 2, "activation": "relu"}, (2, 8, 4)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "use_bias": False, **CF}, (2, 3, 12)),
    ("Conv2D", {"filters": 5, "kernel_size": 3}, (2, 8, 7, 3)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 8, 3)),
    ("Conv2D", {"filters": 5, "kernel_size": 2, "strides": 2, "padding": "same"}, (2, 7, 7, 3)),
    ("Conv2D", {"filters": 5, "kernel_size": (2, 3), "strides": (2, 1), "padding": "same", **CF}, (2, 3, 7, 6)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": (2, 1), "padding": "same"}, (2, 9, 8, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 2, "padding": "same", "activation": "relu", **CF}, (2, 3, 6, 5)),
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 3, "use_bias": False}, (2, 6, 6, 6)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2, "strides": 2, **CF}, (2, 4, 9, 8)),
    ("Conv3D", {"filters": 3, "kernel_size": 2}, (2, 4, 5, 4, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 5, 6, 5, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": (1, 2, 3), "dilation_rate": 2, "padding": "same", **CF}, (2, 2, 5, 4, 6)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3}, (2, 5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 1}, (2, 5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 4, "strides": 3, "padding": "same", **CF}, (2, 3, 5)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "padding": "same"}, (2, 6, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2}, (2, 4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same", **CF}, (2, 3, 4, 5)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": (1, 0)}, (2, 4, 4, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 2, "strides": (1, 3), "output_padding": (0, 2)}, (2, 4, 4, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "activation": "relu", **CF}, (2, 3, 4, 4)),
    ("Conv3DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 3, 4, 3, 2)),
    ("Conv3DTranspose", {"filters": 3, "kernel_size": 2, "strides": (1, 2, 1), **CF}, (2, 2, 3, 3, 4)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3}, (2, 9, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, (2, 9, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "padding": "same", **CF}, (2, 3, 9)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, (2, 7, 6, 3)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, (2, 7, 6, 3)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 2, "padding": "same", "activation": "relu", **CF}, (2, 3, 5, 6)),
    ("DepthwiseConv1D", {"kernel_size": 3}, (2, 8, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2, **CF}, (2, 3, 9)),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2}, (2, 6, 7, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 6, 3)),
    ("DepthwiseConv2D", {"kernel_size": 2, "dilation_rate": 2, "padding": "same", "use_bias": False, **CF}, (2, 3, 6, 5)),
    ("MaxPooling1D", {}, (2, 9, 3)),
    ("MaxPooling1D", {"pool_size": 2, "strides": 1, "padding": "same"}, (2, 7, 3)),
    ("MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same", **CF}, (2, 3, 8)),
    ("MaxPooling2D", {}, (2, 8, 7, 3)),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 7, 3)),
    ("MaxPooling2D", {"pool_size": (2, 3), "strides": (1, 2), **CF}, (2, 3, 6, 7)),
    ("MaxPooling3D", {}, (2, 4, 5, 4, 2)),
    ("MaxPooling3D", {"pool_size": 3, "strides": 2, "padding": "same", **CF}, (2, 2, 5, 4, 6)),
    ("AveragePooling1D", {"pool_size": 2}, (2, 9, 3)),
    ("AveragePooling1D", {"pool_size": 3, "strides": 1, "padding": "same"}, (2, 7, 3)),
    ("AveragePooling1D", {"pool_size": 4, "strides": 1, "padding": "same", **CF}, (2, 3, 7)),
    ("AveragePooling2D", {"pool_size": 2}, (2, 8, 7, 3)),
    ("AveragePooling2D", {"pool_size": 3, "strides": 1, "padding": "same"}, (2, 6, 5, 3)),
    ("AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 7, 3)),
    ("AveragePooling2D", {"pool_size": (2, 4), "strides": 1, "padding": "same", **CF}, (2, 3, 5, 6)),
    ("AveragePooling3D", {"pool_size": 2}, (2, 4, 5, 4, 2)),
    ("AveragePooling3D", {"pool_size": 2, "strides": 1, "padding": "same", **CF}, (2, 2, 3, 4, 3)),
    ("GlobalMaxPooling1D", {}, (2, 5, 3)),
    ("GlobalMaxPooling1D", {"keepdims": True, **CF}, (2, 3, 5)),
    ("GlobalMaxPooling2D", {}, (2, 4, 5, 3)),
    ("GlobalMaxPooling2D", {"keepdims": True, **CF}, (2, 3, 4, 5)),
    ("GlobalMaxPooling3D", {"keepdims": True}, (2, 3, 4, 3, 2)),
    ("GlobalMaxPooling3D", CF, (2, 2, 3, 4, 3)),
    ("GlobalAveragePooling1D", {}, (2, 5, 3)),
    ("GlobalAveragePooling1D", {"keepdims": True, **CF}, (2, 3, 5)),
    ("GlobalAveragePooling2D", {}, (2, 4, 5, 3)),
    ("GlobalAveragePooling2D", {"keepdims": True, **CF}, (2, 3, 4, 5)),
    ("GlobalAveragePooling3D", {"keepdims": True}, (2, 3, 4, 3, 2)),
    ("GlobalAveragePooling3D", CF, (2, 2, 3, 4, 3)),
    ("Cropping1D", {}, (2, 6, 3)),
    ("Cropping1D", {"cropping": (0, 2)}, (2, 6, 3)),
    ("Cropping2D", {"cropping": ((1, 0), (2, 1))}, (2, 6, 5, 3)),
    ("Cropping2D", {"cropping": 1, **CF}, (2, 3, 5, 4)),
    ("Cropping3D", {}, (2, 4, 5, 4, 2)),
    ("Cropping3D", {"cropping": ((0, 1), (2, 0), (1, 1)), **CF}, (2, 2, 4, 5, 4)),
    ("ZeroPadding1D", {}, (2, 4, 3)),
    ("ZeroPadding1D", {"padding": (0, 2), **CF}, (2, 3, 4)),
    ("ZeroPadding2D", {"padding": ((1, 0), (2, 3))}, (2, 4, 3, 2)),
    ("ZeroPadding2D", {"padding": 2, **CF}, (2, 2, 3, 4)),
    ("ZeroPadding3D", {}, (2, 2, 3, 2, 2)),
    ("ZeroPadding3D", {"padding": (1, 0, 2), **CF}, (2, 2, 3, 2, 2)),
    ("UpSampling1D", {}, (2, 4, 3)),
    ("UpSampling1D", {"size": 3}, (2, 4, 3)),
    ("UpSampling2D", {}, (2, 3, 4, 2)),
    ("UpSampling2D", {"size": (2, 3), **CF}, (2, 2, 3, 4)),
    ("UpSampling2D", {"size": (2, 3), "interpolation": "bilinear"}, (2, 3, 4, 2)),
    ("UpSampling2D", {"size": 3, "interpolation": "bilinear", **CF}, (2, 2, 3, 4)),
    ("UpSampling2D", {"size": 2, "interpolation": "bicubic"}, (2, 4, 3, 2)),
    ("UpSampling3D", {}, (2, 2, 3, 2, 2)),
    ("UpSampling3D", {"size": (1, 2, 3), **CF}, (2, 2, 2, 3, 2)),
    # Groups, output padding and dilation in 3D, odd strides with output padding, and the channels-first
    # variants of the separable and depthwise kernels.
    ("Conv3D", {"filters": 4, "kernel_size": 2, "groups": 2}, (2, 4, 5, 4, 4)),
    ("Conv3D", {"filters": 4, "kernel_size": 2, "groups": 2, "strides": 2, "padding": "same", **CF}, (2, 4, 5, 4, 5)),
    ("Conv2D", {"filters": 4, "kernel_size": 4, "strides": 3, "padding": "same"}, (2, 10, 11, 3)),
    ("Conv3DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "output_padding": (1, 0, 1)}, (2, 3, 4, 3, 2)),
    ("Conv3DTranspose", {"filters": 3, "kernel_size": 2, "strides": 2, "output_padding": 1, "padding": "same", **CF}, (2, 2, 3, 4, 3)),
    ("Conv3DTranspose", {"filters": 3, "kernel_size": 2, "dilation_rate": 2}, (2, 3, 4, 3, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 1, "padding": "same", **CF}, (2, 3, 5)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 3, "output_padding": 2, "padding": "same", "use_bias": False}, (2, 3, 4, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "depth_multiplier": 2, "use_bias": False, **CF}, (2, 3, 9)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "padding": "same", **CF}, (2, 3, 7, 6)),
    ("DepthwiseConv1D", {"kernel_size": 2, "dilation_rate": 2, "depth_multiplier": 3, "activation": "relu"}, (2, 9, 3)),
    ("DepthwiseConv2D", {"kernel_size": (2, 3), "strides": (2, 1), "padding": "same", "depth_multiplier": 2, **CF}, (2, 3, 7, 6)),
    ("MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 3)),
    ("MaxPooling2D", {"pool_size": 2, "strides": 3, "padding": "same", **CF}, (2, 3, 7, 8)),
    ("MaxPooling3D", {"pool_size": 2, "strides": 2, "padding": "same"}, (2, 5, 4, 3, 2)),
    ("AveragePooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 3)),
    ("AveragePooling2D", {"pool_size": (3, 2), "strides": (2, 3), "padding": "same", **CF}, (2, 3, 7, 8)),
    ("AveragePooling3D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 5, 4, 5, 2)),
    ("AveragePooling3D", {"pool_size": (2, 3, 2), "strides": (1, 2, 1), "padding": "same", **CF}, (2, 2, 5, 4, 5)),
    ("Cropping3D", {"cropping": (1, 0, 1)}, (2, 4, 3, 4, 2)),
    ("ZeroPadding3D", {"padding": ((1, 0), (0, 2), (1, 1))}, (2, 2, 3, 2, 2)),
    ("UpSampling2D", {"size": (2, 1), "interpolation": "bilinear"}, (2, 3, 4, 2)),
    ("UpSampling3D", {"size": 2}, (2, 2, 3, 2, 2)),
]  # fmt: skip


def _numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _forward_and_grads(layer, x, cotangent, weights):
    inputs = torch.tensor(x, requires_grad=True)
    outputs = layer(inputs)
    loss = torch.sum(outputs * torch.as_tensor(cotangent))
    grads = torch.autograd.grad(loss, [inputs, *weights])
    return _numpy(outputs), [_numpy(g) for g in grads]


@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_layer_parity(keras_ref, kt, index):
    name, kwargs, shape = CASES[index]
    kwargs = {**kwargs, "name": f"{name.lower()}_case_{index}"}
    ref = getattr(keras_ref.layers, name)(**kwargs)
    ours = getattr(kt.layers, name)(**kwargs)
    rng = np.random.default_rng(index)
    x = rng.standard_normal(shape).astype("float32")

    ref_out = ref(x)
    ours(x)
    assert [tuple(w.shape) for w in ours.get_weights()] == [tuple(w.shape) for w in ref.get_weights()]
    assert [w.name for w in ours.weights] == [w.name for w in ref.weights]
    ours.set_weights(ref.get_weights())
    cotangent = rng.standard_normal(tuple(ref_out.shape)).astype("float32")

    ref_values, ref_grads = _forward_and_grads(ref, x, cotangent, [v.value for v in ref.trainable_weights])
    our_values, our_grads = _forward_and_grads(ours, x, cotangent, list(ours.trainable_weights))
    np.testing.assert_allclose(our_values, ref_values, atol=ATOL, rtol=0)
    assert len(our_grads) == len(ref_grads)
    for ours_grad, ref_grad in zip(our_grads, ref_grads):
        np.testing.assert_allclose(ours_grad, ref_grad, atol=ATOL, rtol=1e-5)

    # None of these layers behaves differently in training: the same numbers there too.
    np.testing.assert_allclose(_numpy(ours(x, training=True)), _numpy(ref(x, training=True)), atol=ATOL, rtol=0)
    assert tuple(ours.compute_output_shape(shape)) == tuple(ref.compute_output_shape(shape))
    assert ours.get_config() == ref.get_config()
    _assert_configs_load_across(ref, ours)
    assert ours.supports_masking == ref.supports_masking


def _assert_configs_load_across(ref, ours):
    """Each library rebuilds the other's config into the same config (Keras's `from_config` pops keys: copies)."""
    config = ref.get_config()
    assert type(ours).from_config(copy.deepcopy(config)).get_config() == config
    assert type(ref).from_config(copy.deepcopy(ours.get_config())).get_config() == config


@pytest.mark.parametrize("name", ["SeparableConv1D", "DepthwiseConv1D"])
def test_causal_padding_refused_where_keras_refuses(keras_ref, kt, name):
    kwargs = {"kernel_size": 3, "padding": "causal", **({"filters": 2} if name.startswith("Separable") else {})}
    with pytest.raises(ValueError, match="causal"):
        getattr(keras_ref.layers, name)(**kwargs)
    with pytest.raises(ValueError, match="causal"):
        getattr(kt.layers, name)(**kwargs)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_global_average_pooling_1d_mask(keras_ref, kt, data_format):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 5, 4) if data_format == "channels_last" else (3, 4, 5)).astype("float32")
    mask = np.array([[1, 1, 0, 1, 0], [1, 0, 0, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)
    ref = keras_ref.layers.GlobalAveragePooling1D(data_format=data_format)(x, mask=mask)
    ours = kt.layers.GlobalAveragePooling1D(data_format=data_format)(x, mask=mask)
    np.testing.assert_allclose(_numpy(ours), _numpy(ref), atol=ATOL, rtol=0)
    assert getattr(ours, "_keras_mask", None) is None


def test_embedding_mask_reaches_global_average_pooling(keras_ref, kt):
    ids = np.array([[3, 0, 5, 0], [0, 2, 2, 1]], dtype="int32")
    outputs = []
    table = np.arange(24, dtype="float32").reshape(8, 3)
    for lib in (keras_ref, kt):
        embedding = lib.layers.Embedding(8, 3, mask_zero=True)
        embedding.build((None, 4))
        embedding.set_weights([table])
        outputs.append(_numpy(lib.layers.GlobalAveragePooling1D()(embedding(ids))))
    np.testing.assert_allclose(outputs[1][0], (table[3] + table[5]) / 2)
    np.testing.assert_allclose(outputs[1], outputs[0], atol=ATOL)


def test_aliases_match_keras(keras_ref, kt):
    families = ("Conv", "Pool", "Cropping", "ZeroPadding", "UpSampling")
    names = [n for n in dir(keras_ref.layers) if any(f in n for f in families)
             and "Adaptive" not in n and "LSTM" not in n]
    for name in names:
        ref_cls = getattr(keras_ref.layers, name)
        assert hasattr(kt.layers, name), name
        assert getattr(kt.layers, name).__name__ == ref_cls.__name__, name


def _cnn(lib):
    return lib.Sequential([
        lib.Input((12, 12, 2)),
        lib.layers.ZeroPadding2D(1),
        lib.layers.Conv2D(4, 3, activation="relu"),
        lib.layers.MaxPooling2D(),
        lib.layers.SeparableConv2D(6, 3, padding="same", strides=2),
        lib.layers.Conv2DTranspose(3, 3, strides=2, padding="same"),
        lib.layers.UpSampling2D(),
        lib.layers.AveragePooling2D(3, strides=2, padding="same"),
        lib.layers.GlobalAveragePooling2D(),
        lib.layers.Dense(3, activation="softmax"),
    ])  # fmt: skip


def test_cnn_model_predict_and_train(keras_ref, kt):
    ref, ours = _cnn(keras_ref), _cnn(kt)
    assert ours.count_params() == ref.count_params()
    ours.set_weights(ref.get_weights())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 12, 12, 2)).astype("float32")
    y = rng.integers(0, 3, size=(16,))
    np.testing.assert_allclose(ours.predict(x, verbose=0), ref.predict(x, verbose=0), atol=ATOL)
    for model, lib in ((ref, keras_ref), (ours, kt)):
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
        model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for our_weight, ref_weight in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(our_weight, ref_weight, atol=1e-5)
