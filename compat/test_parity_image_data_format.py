"""Parity of every layer with a `data_format` argument under the global `image_data_format="channels_first"`.

The other parity files pass `data_format` explicitly; here it is left out, so each layer must read the global
setting (`keras.config.set_image_data_format`) as Keras does. Each case builds the same layer in both libraries
with the setting switched in both, copies Keras's weights into kerastorch, and compares on the same
channels-first float32 input: `get_config()` (where `data_format` is resolved), the outputs, the gradients with
respect to the input and every trainable weight, and, for the random layers, seeded training outputs.
"""

import numpy as np
import pytest
import torch

ATOL = 1e-5

# (layer class, constructor arguments without data_format, channels-first input shape). One line per case.
CASES = [
    ("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 3, 9)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (2, 3, 6, 7)),
    ("Conv3D", {"filters": 2, "kernel_size": 2, "padding": "same"}, (2, 3, 4, 5, 4)),
    ("Conv1DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2}, (2, 3, 5)),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 3, 4, 5)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 2, "strides": 2}, (2, 3, 2, 3, 2)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3}, (2, 3, 9)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, (2, 3, 6, 7)),
    ("DepthwiseConv1D", {"kernel_size": 3}, (2, 3, 9)),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2}, (2, 3, 6, 7)),
    ("MaxPooling1D", {}, (2, 3, 8)),
    ("MaxPooling2D", {"padding": "same"}, (2, 3, 5, 7)),
    ("MaxPooling3D", {}, (2, 3, 4, 4, 4)),
    ("AveragePooling1D", {"pool_size": 2}, (2, 3, 8)),
    ("AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 3, 6, 7)),
    ("AveragePooling3D", {"pool_size": 2}, (2, 3, 4, 4, 4)),
    ("GlobalMaxPooling1D", {}, (2, 3, 8)),
    ("GlobalMaxPooling2D", {"keepdims": True}, (2, 3, 6, 7)),
    ("GlobalMaxPooling3D", {}, (2, 3, 4, 4, 4)),
    ("GlobalAveragePooling1D", {}, (2, 3, 8)),
    ("GlobalAveragePooling2D", {}, (2, 3, 6, 7)),
    ("GlobalAveragePooling3D", {"keepdims": True}, (2, 3, 4, 4, 4)),
    ("SpatialDropout2D", {"rate": 0.5, "seed": 1}, (2, 3, 6, 7)),
    ("SpatialDropout3D", {"rate": 0.5, "seed": 2}, (2, 3, 4, 4, 4)),
    ("Cropping2D", {"cropping": ((1, 0), (0, 2))}, (2, 3, 6, 7)),
    ("Cropping3D", {"cropping": 1}, (2, 3, 4, 4, 4)),
    ("ZeroPadding1D", {"padding": (1, 2)}, (2, 3, 5)),
    ("ZeroPadding2D", {}, (2, 3, 4, 5)),
    ("ZeroPadding3D", {}, (2, 3, 2, 3, 2)),
    ("UpSampling2D", {"size": (2, 3)}, (2, 3, 4, 5)),
    ("UpSampling2D", {"interpolation": "bilinear"}, (2, 3, 4, 5)),
    ("UpSampling3D", {}, (2, 3, 2, 3, 2)),
    ("Flatten", {}, (2, 3, 4, 5)),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 2, "return_sequences": True}, (2, 3, 2, 6)),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 2, "padding": "same"}, (2, 3, 2, 5, 4)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 2}, (2, 3, 2, 3, 4, 3)),
    ("Resizing", {"height": 3, "width": 4}, (2, 3, 6, 7)),
    ("CenterCrop", {"height": 3, "width": 4}, (2, 3, 6, 7)),
    ("RandomFlip", {"seed": 1}, (2, 3, 6, 7)),
    ("RandomRotation", {"factor": 0.2, "seed": 1}, (2, 3, 6, 7)),
    ("RandomZoom", {"height_factor": 0.2, "seed": 1}, (2, 3, 6, 7)),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2, "seed": 1}, (2, 3, 6, 7)),
    ("RandomContrast", {"factor": 0.5, "seed": 1}, (2, 3, 6, 7)),
]  # fmt: skip

RANDOM_IN_TRAINING = {"SpatialDropout2D", "SpatialDropout3D", "RandomFlip", "RandomRotation", "RandomZoom",
                      "RandomTranslation", "RandomContrast"}


@pytest.fixture(autouse=True)
def _channels_first(keras_ref, kt):
    before = (keras_ref.config.image_data_format(), kt.config.image_data_format())
    keras_ref.config.set_image_data_format("channels_first")
    kt.config.set_image_data_format("channels_first")
    yield
    keras_ref.config.set_image_data_format(before[0])
    kt.config.set_image_data_format(before[1])


def _numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _forward_and_grads(layer, x, cotangent, weights):
    inputs = torch.tensor(x, requires_grad=True)
    outputs = layer(inputs)
    grads = torch.autograd.grad((outputs * cotangent).sum(), [inputs, *weights], allow_unused=True)
    return _numpy(outputs), [None if g is None else _numpy(g) for g in grads]


@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_default_data_format_follows_the_global_setting(keras_ref, kt, index):
    name, kwargs, shape = CASES[index]
    kwargs = {**kwargs, "name": f"{name.lower()}_cf_{index}"}
    ref, ours = getattr(keras_ref.layers, name)(**kwargs), getattr(kt.layers, name)(**kwargs)
    assert ours.get_config() == ref.get_config()
    assert ref.get_config()["data_format"] == "channels_first"
    rng = np.random.default_rng(index)
    x = rng.uniform(0.0, 2.0, size=shape).astype("float32")

    ref_out = ref(x)
    ours(x)
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == [(w.name, tuple(w.shape)) for w in ref.weights]
    ours.set_weights(ref.get_weights())
    cotangent = torch.tensor(rng.standard_normal(tuple(ref_out.shape)).astype("float32"))
    ref_values, ref_grads = _forward_and_grads(ref, x, cotangent, [v.value for v in ref.trainable_weights])
    our_values, our_grads = _forward_and_grads(ours, x, cotangent, list(ours.trainable_weights))
    np.testing.assert_allclose(our_values, ref_values, atol=ATOL, rtol=0)
    assert len(our_grads) == len(ref_grads)
    for ours_grad, ref_grad in zip(our_grads, ref_grads):
        assert (ours_grad is None) == (ref_grad is None)
        if ref_grad is not None:
            np.testing.assert_allclose(ours_grad, ref_grad, atol=ATOL, rtol=1e-5)
    if name in RANDOM_IN_TRAINING:
        for _ in range(2):  # seeded: the same draws, and the streams advance alike
            np.testing.assert_allclose(_numpy(ours(x, training=True)), _numpy(ref(x, training=True)),
                                       atol=1e-4, rtol=1e-5)


def test_a_channels_first_cnn_predicts_and_trains_alike(keras_ref, kt):
    def build(lib):
        return lib.Sequential([
            lib.Input((2, 10, 10)),
            lib.layers.Conv2D(4, 3, padding="same", activation="relu"),
            lib.layers.MaxPooling2D(),
            lib.layers.DepthwiseConv2D(3),
            lib.layers.UpSampling2D(),
            lib.layers.GlobalAveragePooling2D(),
            lib.layers.Dense(2),
        ])  # fmt: skip

    ref, ours = build(keras_ref), build(kt)
    ours.set_weights(ref.get_weights())
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 2, 10, 10)).astype("float32"), rng.standard_normal((8, 2)).astype("float32")
    np.testing.assert_allclose(ours.predict(x, verbose=0), ref.predict(x, verbose=0), atol=ATOL)
    for model, lib in ((ref, keras_ref), (ours, kt)):
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss="mse")
        model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL)
