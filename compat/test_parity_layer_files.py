"""File parity for the layers compat/test_parity_saving.py leaves out: `.keras` archives and `.weights.h5` files
written by one library load in the other with the same predictions.

Each model is built the same way in both libraries; the writer's float weights are set to distinct random
values (so a weight landing in the wrong place shows), then it is saved, loaded by the other library
(`.keras`: the whole model; `.weights.h5`: into that library's own copy of the model), and both predict on the
same input (atol 1e-5). This checks the weights' names, order and shapes as files see them, and that each
library rebuilds the other's layer configs.
"""

import numpy as np
import pytest

ATOL = 1e-5


def _conv1d(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((12, 3)), L.Conv1D(4, 3, padding="causal", dilation_rate=2),
        L.SeparableConv1D(4, 3, depth_multiplier=2), L.DepthwiseConv1D(3), L.Conv1DTranspose(3, 3, strides=2, output_padding=1), L.Cropping1D((1, 2)),
        L.ZeroPadding1D(1), L.UpSampling1D(2), L.AveragePooling1D(2, padding="same"), L.MaxPooling1D(),
        L.GlobalMaxPooling1D(), L.Dense(2),
    ]), (2, 12, 3)


def _conv3d(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((6, 5, 4, 2)), L.ZeroPadding3D(1), L.Conv3D(4, 2, groups=2), L.Conv3DTranspose(2, 2, strides=2),
        L.Cropping3D(((1, 0), (2, 1), (0, 1))), L.MaxPooling3D(padding="same"), L.UpSampling3D((1, 2, 1)),
        L.AveragePooling3D(2), L.GlobalAveragePooling3D(), L.Dense(2),
    ]), (2, 6, 5, 4, 2)


def _channels_first_2d(lib):
    L = lib.layers
    cf = {"data_format": "channels_first"}
    return lib.Sequential([
        lib.Input((2, 8, 7)), L.ZeroPadding2D(1, **cf), L.Conv2D(4, 3, **cf), L.SeparableConv2D(3, 2, **cf),
        L.DepthwiseConv2D(2, **cf), L.BatchNormalization(axis=1), L.Cropping2D(1, **cf), L.UpSampling2D(**cf),
        L.Conv2DTranspose(2, 2, strides=2, **cf), L.SpatialDropout2D(0.3, **cf), L.GlobalMaxPooling2D(**cf),
        L.Dense(2),
    ]), (2, 2, 8, 7)


def _normalization_regularization(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((5, 6)), L.Dense(6), L.RMSNormalization(), L.GroupNormalization(3, scale=False),
        L.LayerNormalization(rms_scaling=True), L.BatchNormalization(center=False), L.SpatialDropout1D(0.2),
        L.GaussianNoise(0.1), L.GaussianDropout(0.2), L.AlphaDropout(0.1), L.ActivityRegularization(0.01),
        L.UnitNormalization(), L.Flatten(), L.Dense(2),
    ]), (2, 5, 6)


def _attention(lib):
    L = lib.layers
    inputs = lib.Input((5, 6))
    h = L.GroupQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2)(inputs, inputs)
    h = L.AdditiveAttention()([h, inputs])
    h = L.MultiHeadAttention(2, 3, value_dim=4, output_shape=(5,))(h, inputs, use_causal_mask=True)
    return lib.Model(inputs, L.Dense(2)(L.Flatten()(h))), (2, 5, 6)


def _recurrent_wrappers(lib):
    L = lib.layers
    inputs = lib.Input((5, 3))
    h = L.RNN(L.StackedRNNCells([L.LSTMCell(4), L.GRUCell(3, reset_after=False)]), return_sequences=True)(inputs)
    h = L.TimeDistributed(L.Dense(4))(h)
    h = L.Bidirectional(L.GRU(3, return_sequences=True), backward_layer=L.LSTM(3, return_sequences=True,
                                                                               go_backwards=True))(h)
    h = L.Bidirectional(L.SimpleRNN(2), merge_mode="sum")(h)
    return lib.Model(inputs, L.Dense(2)(h)), (2, 5, 3)


def _conv_lstm(lib):
    L = lib.layers
    inputs = lib.Input((3, 6, 2))
    h = L.ConvLSTM1D(3, 2, return_sequences=True)(inputs)
    h = L.TimeDistributed(L.Conv1D(2, 2))(h)
    h = L.Reshape((3, 2, 2, 2, 1))(L.Flatten()(h))
    h = L.ConvLSTM3D(2, 2, padding="same")(h)
    return lib.Model(inputs, L.Dense(2)(L.Flatten()(h))), (2, 3, 6, 2)


def _preprocessing(lib):
    L = lib.layers
    # Normalization's weights are its adapted state: mean, variance and count.
    normalization = L.Normalization(axis=-1)
    normalization.adapt(np.random.default_rng(0).normal(size=(20, 6, 6, 3)).astype("float32") * 2 + 1)
    return lib.Sequential([
        lib.Input((8, 7, 3)), L.Resizing(6, 6), normalization, L.CenterCrop(4, 4), L.Rescaling(0.5, offset=-1.0),
        L.RandomFlip(seed=1), L.RandomRotation(0.2, seed=2), L.RandomZoom(0.2, seed=3),
        L.RandomTranslation(0.1, 0.1, seed=4), L.RandomContrast(0.3, seed=5), L.Flatten(), L.Dense(2),
    ]), (2, 8, 7, 3)


FAMILIES = {
    "conv1d": _conv1d,
    "conv3d": _conv3d,
    "channels_first_2d": _channels_first_2d,
    "normalization_regularization": _normalization_regularization,
    "attention": _attention,
    "recurrent_wrappers": _recurrent_wrappers,
    "conv_lstm": _conv_lstm,
    "preprocessing": _preprocessing,
}


def _randomize(model, seed):
    rng = np.random.default_rng(seed)
    for variable in model.weights:
        value = np.asarray(variable)
        if np.issubdtype(value.dtype, np.floating):
            low, high = (0.5, 1.5) if "variance" in str(variable.path) else (-0.3, 0.3)
            variable.assign(rng.uniform(low, high, size=value.shape).astype(value.dtype))


def _predict(model, x):
    return np.asarray(model.predict(x, verbose=0))


@pytest.mark.parametrize("fmt", ["keras", "weights.h5"])
@pytest.mark.parametrize("direction", ["kt_to_keras", "keras_to_kt"])
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_round_trip(keras_ref, kt, tmp_path, family, direction, fmt):
    source, target = (kt, keras_ref) if direction == "kt_to_keras" else (keras_ref, kt)
    model, shape = FAMILIES[family](source)
    _randomize(model, seed=1)
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    expected = _predict(model, x)
    path = str(tmp_path / f"{family}.{fmt}")
    if fmt == "keras":
        model.save(path)
        loaded = target.saving.load_model(path)
    else:
        model.save_weights(path)
        loaded, _ = FAMILIES[family](target)
        loaded.load_weights(path)
    assert [tuple(w.shape) for w in loaded.weights] == [tuple(w.shape) for w in model.weights]
    np.testing.assert_allclose(_predict(loaded, x), expected, atol=ATOL)


@pytest.mark.parametrize("direction", ["kt_to_keras", "keras_to_kt"])
def test_torch_module_wrapper_weights_file(keras_ref, kt, tmp_path, direction):
    """Keras writes a wrapped module's `state_dict` (buffers included) under its own keys: both read it back."""
    import torch

    def build(lib):
        torch.manual_seed(0)
        module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
        return lib.Sequential([lib.Input((3,)), lib.layers.TorchModuleWrapper(module, output_shape=(None, 2))])

    source, target = (kt, keras_ref) if direction == "kt_to_keras" else (keras_ref, kt)
    model = build(source)
    wrapped = model.layers[0].module
    with torch.no_grad():
        for tensor in wrapped.state_dict().values():
            if tensor.is_floating_point():
                tensor.uniform_(0.5, 1.5)
    x = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
    expected = _predict(model, x)
    path = str(tmp_path / "wrapped.weights.h5")
    model.save_weights(path)
    loaded = build(target)
    loaded.load_weights(path)
    for key, value in wrapped.state_dict().items():
        torch.testing.assert_close(loaded.layers[0].module.state_dict()[key], value)
    np.testing.assert_allclose(_predict(loaded, x), expected, atol=ATOL)
