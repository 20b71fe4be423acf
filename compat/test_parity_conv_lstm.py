"""Parity of ConvLSTM1D/2D/3D with real Keras on torch.

Each case builds the same layer in both libraries, copies Keras's weights into kerastorch with `set_weights`,
and compares on the same float32 input: every output and state (atol 1e-5), the gradients of their sum with
respect to the input and to every trainable weight (also rtol 1e-6), the weights' paths and shapes,
`compute_output_shape`, and `get_config()` (each library also loads the other's). Seeded dropout is compared in
training, where both draw the same masks, gradients included; masks are passed to the call directly, and the
output masks compared.
"""

import copy

import numpy as np
import pytest
import torch

ATOL = 1e-5
# Weight gradients sum over every position and timestep (values in the hundreds): a few float32 ulps of
# summation order apart, so they also get a relative tolerance.
GRAD_RTOL = 1e-6
CF = "channels_first"

# (id, builder of the layer from a `layers` namespace, input shape). One line per case.
CASES = [
    ("1d", lambda L: L.ConvLSTM1D(3, 3), (2, 4, 7, 2)),
    ("1d-same-seq-state", lambda L: L.ConvLSTM1D(3, 3, padding="same", return_sequences=True, return_state=True), (2, 4, 7, 2)),
    ("1d-cf-strides", lambda L: L.ConvLSTM1D(3, 2, strides=2, data_format=CF, return_sequences=True), (2, 4, 2, 7)),
    ("1d-cf-same-backwards", lambda L: L.ConvLSTM1D(2, 4, padding="same", data_format=CF, go_backwards=True, return_state=True), (2, 3, 3, 6)),
    ("1d-dilation", lambda L: L.ConvLSTM1D(2, 2, dilation_rate=2, padding="same", return_sequences=True), (2, 4, 7, 2)),
    ("2d", lambda L: L.ConvLSTM2D(3, 3), (2, 4, 6, 5, 2)),
    ("2d-same-seq-state", lambda L: L.ConvLSTM2D(3, 3, padding="same", return_sequences=True, return_state=True), (2, 4, 6, 5, 2)),
    ("2d-cf", lambda L: L.ConvLSTM2D(3, (3, 2), data_format=CF, return_state=True), (2, 4, 2, 6, 5)),
    ("2d-cf-same-seq", lambda L: L.ConvLSTM2D(2, 3, padding="same", data_format=CF, return_sequences=True), (2, 4, 2, 6, 5)),
    ("2d-backwards", lambda L: L.ConvLSTM2D(3, 2, go_backwards=True, return_sequences=True, return_state=True), (2, 4, 6, 5, 2)),
    ("2d-same-even-kernel-strides", lambda L: L.ConvLSTM2D(3, 2, strides=(2, 1), padding="same"), (2, 3, 7, 5, 2)),
    ("2d-dilation-valid", lambda L: L.ConvLSTM2D(2, 2, dilation_rate=(2, 1), return_sequences=True), (2, 3, 6, 5, 2)),
    ("2d-nobias", lambda L: L.ConvLSTM2D(3, 3, padding="same", use_bias=False, return_state=True), (2, 4, 6, 5, 2)),
    ("2d-no-forget-bias", lambda L: L.ConvLSTM2D(3, 3, unit_forget_bias=False, bias_initializer="ones"), (2, 4, 6, 5, 2)),
    ("2d-relu-hard-sigmoid", lambda L: L.ConvLSTM2D(3, 3, activation="relu", recurrent_activation="hard_sigmoid", return_sequences=True), (2, 4, 6, 5, 2)),
    ("2d-one-step", lambda L: L.ConvLSTM2D(3, 3, padding="same", return_sequences=True), (3, 1, 6, 5, 2)),
    ("3d", lambda L: L.ConvLSTM3D(2, 2), (2, 3, 4, 5, 3, 2)),
    ("3d-same-seq-state", lambda L: L.ConvLSTM3D(2, 3, padding="same", return_sequences=True, return_state=True), (2, 3, 4, 5, 3, 2)),
    ("3d-cf-same-backwards", lambda L: L.ConvLSTM3D(2, (2, 3, 2), padding="same", data_format=CF, go_backwards=True, return_state=True), (2, 3, 2, 4, 5, 3)),
    ("3d-cf-valid-strides", lambda L: L.ConvLSTM3D(2, 2, strides=2, data_format=CF, return_sequences=True), (2, 3, 2, 5, 4, 5)),
    ("2d-unroll", lambda L: L.ConvLSTM2D(2, 2, unroll=True, return_sequences=True, return_state=True), (3, 4, 5, 4, 2)),
    ("1d-unroll-backwards", lambda L: L.ConvLSTM1D(2, 3, padding="same", unroll=True, go_backwards=True), (2, 3, 6, 2)),
]  # fmt: skip

# Seeded dropout in training: both libraries draw the same masks (four per gate group) from the same seeds.
DROPOUT_CASES = [
    ("2d-dropout", lambda L: L.ConvLSTM2D(3, 3, padding="same", dropout=0.3, seed=3, return_sequences=True), (3, 4, 5, 4, 2)),
    ("2d-recurrent-dropout", lambda L: L.ConvLSTM2D(3, 3, recurrent_dropout=0.4, seed=5, return_state=True), (3, 4, 5, 4, 2)),
    ("1d-cf-both", lambda L: L.ConvLSTM1D(3, 2, data_format=CF, dropout=0.2, recurrent_dropout=0.3, seed=7, return_sequences=True), (3, 4, 2, 6)),
    ("3d-both", lambda L: L.ConvLSTM3D(2, 2, padding="same", dropout=0.3, recurrent_dropout=0.3, seed=9), (2, 3, 3, 4, 3, 2)),
]  # fmt: skip

MASKS = {
    "right-padded": [[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 0, 0]],
    "left-padded": [[0, 0, 1, 1], [1, 1, 1, 1], [0, 0, 0, 1]],
    "holes": [[1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 0, 0]],
}
MASK_LAYERS = [
    ("2d-seq-state", lambda L: L.ConvLSTM2D(3, 3, padding="same", return_sequences=True, return_state=True)),
    ("1d-backwards-last", lambda L: L.ConvLSTM1D(3, 2, go_backwards=True, return_state=True)),
    ("2d-zero-output", lambda L: L.ConvLSTM2D(2, 2, return_sequences=True, zero_output_for_mask=True)),
]  # fmt: skip
MASK_INPUT = {"2d-seq-state": (3, 4, 5, 4, 2), "1d-backwards-last": (3, 4, 6, 2), "2d-zero-output": (3, 4, 5, 4, 2)}


@pytest.fixture(autouse=True)
def _fresh_names(keras_ref, kt):
    # Auto-generated names (`conv_lstm2d_3`) appear in configs and weight paths: start both counters from zero.
    keras_ref.backend.clear_session()
    kt.backend.clear_session()


def _data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _flat(x):
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _flat(item)]
    return [x]


def _numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _ref_params(layer):
    return [v.value for v in layer.trainable_weights]


def _assert_close(ours, ref, rtol=0):
    ours, ref = _flat(ours), _flat(ref)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        assert a is not None and b is not None
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=rtol)


def _grads(outputs, params):
    # A non-uniform weighting so that a mix-up of channels or positions shows in the gradients.
    loss = sum((o * torch.linspace(0.5, 1.5, o.numel()).reshape(o.shape)).sum() for o in _flat(outputs))
    return torch.autograd.grad(loss, params, allow_unused=True)


def _pair(keras_ref, kt, build, x):
    ref, ours = build(keras_ref.layers), build(kt.layers)
    ref(x)
    ours(x)
    assert [(w.path, tuple(w.shape)) for w in ours.weights] == [(w.path, tuple(w.shape)) for w in ref.weights]
    ours.set_weights(ref.get_weights())
    return ref, ours


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_layer_parity(keras_ref, kt, index):
    _, build, shape = CASES[index]
    x = _data(shape)
    ref, ours = _pair(keras_ref, kt, build, x)
    x_ref, x_ours = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ref_out, our_out = ref(x_ref), ours(x_ours)
    _assert_close(our_out, ref_out)
    _assert_close(_grads(our_out, [x_ours] + list(ours.trainable_weights)),
                  _grads(ref_out, [x_ref] + _ref_params(ref)), rtol=GRAD_RTOL)
    symbolic = (None,) + shape[1:]
    assert ours.compute_output_shape(symbolic) == ref.compute_output_shape(symbolic)
    assert ours.get_config() == ref.get_config()
    # Each library rebuilds the other's config into the same config (Keras's `from_config` pops keys: copies).
    assert type(ours).from_config(copy.deepcopy(ref.get_config())).get_config() == ref.get_config()
    assert type(ref).from_config(copy.deepcopy(ours.get_config())).get_config() == ref.get_config()


@pytest.mark.parametrize("index", range(len(DROPOUT_CASES)), ids=[c[0] for c in DROPOUT_CASES])
def test_seeded_dropout_parity(keras_ref, kt, index):
    _, build, shape = DROPOUT_CASES[index]
    x = _data(shape)
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_close(ours(x), ref(x))
    for _ in range(2):  # the seeded streams advance alike
        _assert_close(ours(x, training=True), ref(x, training=True))
    # Gradients through the same dropout masks.
    x_ref, x_ours = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ref_out, our_out = ref(x_ref, training=True), ours(x_ours, training=True)
    _assert_close(our_out, ref_out)
    _assert_close(_grads(our_out, [x_ours] + list(ours.trainable_weights)),
                  _grads(ref_out, [x_ref] + _ref_params(ref)), rtol=GRAD_RTOL)


@pytest.mark.parametrize("padding", list(MASKS))
@pytest.mark.parametrize("index", range(len(MASK_LAYERS)), ids=[c[0] for c in MASK_LAYERS])
def test_mask_parity(keras_ref, kt, index, padding):
    name, build = MASK_LAYERS[index]
    x = _data(MASK_INPUT[name])
    mask = np.array(MASKS[padding], dtype=bool)
    ref, ours = _pair(keras_ref, kt, build, x)
    x_ref, x_ours = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ref_out, our_out = ref(x_ref, mask=torch.tensor(mask)), ours(x_ours, mask=torch.tensor(mask))
    _assert_close(our_out, ref_out)
    for a, b in zip(_flat(our_out), _flat(ref_out)):  # the sequence output carries the mask on, states none
        ref_mask, our_mask = getattr(b, "_keras_mask", None), getattr(a, "_keras_mask", None)
        assert (ref_mask is None) == (our_mask is None)
        if ref_mask is not None:
            np.testing.assert_array_equal(_numpy(our_mask), _numpy(ref_mask))
    _assert_close(_grads(our_out, [x_ours] + list(ours.trainable_weights)),
                  _grads(ref_out, [x_ref] + _ref_params(ref)), rtol=GRAD_RTOL)


@pytest.mark.parametrize("name", ["ConvLSTM1D", "ConvLSTM2D"])
def test_initial_state_parity(keras_ref, kt, name):
    x = _data((2, 3, 5, 2) if name == "ConvLSTM1D" else (2, 3, 5, 4, 2))
    state_shape = (2, 5, 3) if name == "ConvLSTM1D" else (2, 5, 4, 3)
    states = [_data(state_shape, seed=s) for s in (1, 2)]
    build = lambda L: getattr(L, name)(3, 3, padding="same", return_sequences=True, return_state=True)  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_close(ours(x, initial_state=[torch.tensor(s) for s in states]),
                  ref(x, initial_state=[torch.tensor(s) for s in states]))


@pytest.mark.parametrize("data_format", ["channels_last", CF])
def test_stateful_parity(keras_ref, kt, data_format):
    shape = (2, 3, 5, 4, 2) if data_format == "channels_last" else (2, 3, 2, 5, 4)
    x1, x2 = _data(shape), _data(shape, seed=1)
    build = lambda L: L.ConvLSTM2D(3, 2, stateful=True, return_state=True, data_format=data_format)  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x1)
    ref.reset_state()
    ours.reset_state()
    for x in (x1, x2):
        _assert_close(ours(x), ref(x))
    ref.reset_states()
    ours.reset_states()
    _assert_close(ours(x2), ref(x2))


def test_regularizer_losses_parity(keras_ref, kt):
    x = _data((2, 3, 5, 4, 2))
    build = lambda L: L.ConvLSTM2D(3, 3, kernel_regularizer="l2", recurrent_regularizer="l1",  # noqa: E731
                                   bias_regularizer="l2", activity_regularizer="l2")
    ref, ours = _pair(keras_ref, kt, build, x)
    ref(x)
    ours(x)
    assert ours.get_config() == ref.get_config()
    np.testing.assert_allclose(sorted(float(_numpy(v)) for v in ours.losses), sorted(float(_numpy(v)) for v in ref.losses),
                               rtol=1e-5)


def test_in_sequential_model_fit_parity(keras_ref, kt):
    """ConvLSTM2D -> Flatten -> Dense in a Sequential model: same predictions, and after 2 SGD steps."""
    x = _data((6, 3, 5, 4, 2))
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0], dtype="float32")[:, None]
    models = []
    for lib in (keras_ref, kt):
        model = lib.Sequential([lib.Input((3, 5, 4, 2)), lib.layers.ConvLSTM2D(2, 3, padding="same"),
                                lib.layers.Flatten(), lib.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=lib.optimizers.SGD(0.5), loss="binary_crossentropy")
        models.append(model)
    ref, ours = models
    ours.set_weights(ref.get_weights())
    np.testing.assert_allclose(ours.predict(x, verbose=0), ref.predict(x, verbose=0), atol=ATOL)
    for model in models:
        model.fit(x, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL)


def test_bidirectional_parity(keras_ref, kt):
    x = _data((2, 3, 5, 4, 2))
    build = lambda L: L.Bidirectional(L.ConvLSTM2D(2, 3, padding="same", return_sequences=True))  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_close(ours(x), ref(x))


def test_keras_file_round_trip(keras_ref, kt, tmp_path):
    """A model saved by kerastorch loads in Keras with the same predictions, and back."""
    x = _data((2, 3, 2, 5, 4))
    ours = kt.Sequential([kt.Input((3, 2, 5, 4)),
                          kt.layers.ConvLSTM2D(2, 3, padding="same", data_format=CF, return_sequences=True)])
    ours.save(tmp_path / "ours.keras")
    ref = keras_ref.saving.load_model(tmp_path / "ours.keras")
    _assert_close(ours(x), ref(x))
    ref.save(tmp_path / "ref.keras")
    _assert_close(kt.saving.load_model(tmp_path / "ref.keras")(x), ours(x))
