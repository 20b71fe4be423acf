"""Parity of the recurrent layers with real Keras on torch.

Each case builds the same layer in both libraries, copies Keras's weights into kerastorch with `set_weights`,
and compares on the same float32 input: every output and state (atol 1e-5), the gradients of their sum with
respect to the input and to every trainable weight, the weights' paths, and `get_config()`. Masks come from
`Embedding(mask_zero=True)`; seeded dropout is compared in training, where both draw the same masks.
"""

import numpy as np
import pytest
import torch

ATOL = 1e-5

# (id, builder of the layer from a `layers` namespace, input shape, call arguments). One line per case.
CASES = [
    ("simple_rnn", lambda L: L.SimpleRNN(3), (2, 5, 4), {}),
    ("simple_rnn-seq-state", lambda L: L.SimpleRNN(3, return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("simple_rnn-backwards-relu", lambda L: L.SimpleRNN(3, activation="relu", go_backwards=True, return_sequences=True), (2, 5, 4), {}),
    ("simple_rnn-nobias-unroll", lambda L: L.SimpleRNN(3, use_bias=False, unroll=True), (2, 5, 4), {}),
    ("lstm", lambda L: L.LSTM(3), (2, 5, 4), {}),
    ("lstm-seq-state", lambda L: L.LSTM(3, return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("lstm-backwards", lambda L: L.LSTM(3, go_backwards=True, return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("lstm-nobias", lambda L: L.LSTM(3, use_bias=False, return_sequences=True), (2, 5, 4), {}),
    ("lstm-no-forget-bias", lambda L: L.LSTM(3, unit_forget_bias=False, bias_initializer="ones"), (2, 5, 4), {}),
    ("lstm-relu-hard-sigmoid", lambda L: L.LSTM(3, activation="relu", recurrent_activation="hard_sigmoid", return_sequences=True), (2, 5, 4), {}),
    ("lstm-unroll", lambda L: L.LSTM(3, unroll=True, return_state=True), (2, 5, 4), {}),
    ("lstm-no-cudnn", lambda L: L.LSTM(3, use_cudnn=False, return_sequences=True), (2, 5, 4), {}),
    ("lstm-implementation-1", lambda L: L.LSTM(3, implementation=1, return_sequences=True), (2, 5, 4), {}),
    ("lstm-one-step", lambda L: L.LSTM(3, return_sequences=True), (3, 1, 4), {}),
    ("gru", lambda L: L.GRU(3), (2, 5, 4), {}),
    ("gru-seq-state", lambda L: L.GRU(3, return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("gru-backwards", lambda L: L.GRU(3, go_backwards=True, return_sequences=True), (2, 5, 4), {}),
    ("gru-reset-before", lambda L: L.GRU(3, reset_after=False, return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("gru-reset-before-nobias", lambda L: L.GRU(3, reset_after=False, use_bias=False), (2, 5, 4), {}),
    ("gru-nobias", lambda L: L.GRU(3, use_bias=False, return_sequences=True), (2, 5, 4), {}),
    ("gru-implementation-1", lambda L: L.GRU(3, implementation=1, return_sequences=True), (2, 5, 4), {}),
    ("gru-no-cudnn-backwards", lambda L: L.GRU(3, use_cudnn=False, go_backwards=True), (2, 5, 4), {}),
    ("rnn-lstm-cell", lambda L: L.RNN(L.LSTMCell(3), return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("rnn-gru-cell", lambda L: L.RNN(L.GRUCell(3, reset_after=False)), (2, 5, 4), {}),
    ("rnn-simple-cell-backwards", lambda L: L.RNN(L.SimpleRNNCell(3), go_backwards=True), (2, 5, 4), {}),
    ("rnn-cell-list", lambda L: L.RNN([L.SimpleRNNCell(2), L.LSTMCell(3), L.GRUCell(2)], return_sequences=True), (2, 5, 4), {}),
    ("rnn-stacked-state", lambda L: L.RNN(L.StackedRNNCells([L.LSTMCell(3), L.LSTMCell(2)]), return_state=True), (2, 5, 4), {}),
    ("bidirectional-lstm", lambda L: L.Bidirectional(L.LSTM(3)), (2, 5, 4), {}),
    ("bidirectional-lstm-seq-sum", lambda L: L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="sum"), (2, 5, 4), {}),
    ("bidirectional-gru-state", lambda L: L.Bidirectional(L.GRU(3, return_sequences=True, return_state=True), merge_mode="mul"), (2, 5, 4), {}),
    ("bidirectional-ave", lambda L: L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode="ave"), (2, 5, 4), {}),
    ("bidirectional-none-state", lambda L: L.Bidirectional(L.LSTM(3, return_state=True), merge_mode=None), (2, 5, 4), {}),
    ("bidirectional-backward-layer", lambda L: L.Bidirectional(L.LSTM(3, return_sequences=True), backward_layer=L.GRU(2, go_backwards=True, return_sequences=True)), (2, 5, 4), {}),
    ("time_distributed-dense", lambda L: L.TimeDistributed(L.Dense(3, activation="relu")), (2, 5, 4), {}),
    ("time_distributed-dense-4d", lambda L: L.TimeDistributed(L.Dense(2)), (2, 3, 4, 5), {}),
]  # fmt: skip

# Seeded dropout in training: both libraries draw the same masks from the same seeds.
DROPOUT_CASES = [
    ("simple_rnn", lambda L: L.SimpleRNN(3, dropout=0.3, recurrent_dropout=0.2, seed=3, return_sequences=True)),
    ("lstm-dropout", lambda L: L.LSTM(3, dropout=0.3, seed=3, return_sequences=True)),
    ("lstm-recurrent-dropout", lambda L: L.LSTM(3, dropout=0.3, recurrent_dropout=0.4, seed=5, return_sequences=True)),
    ("gru-dropout", lambda L: L.GRU(3, dropout=0.3, seed=3, return_sequences=True)),
    ("gru-recurrent-dropout", lambda L: L.GRU(3, dropout=0.2, recurrent_dropout=0.3, seed=5, return_state=True)),
    ("gru-reset-before-dropout", lambda L: L.GRU(3, reset_after=False, dropout=0.3, recurrent_dropout=0.3, seed=9)),
    ("rnn-cell-list-dropout", lambda L: L.RNN([L.LSTMCell(3, recurrent_dropout=0.3, seed=1), L.GRUCell(2, dropout=0.4, seed=2)])),
]  # fmt: skip

# Embedding(mask_zero=True) -> layer, on right-padded, left-padded and holed id sequences.
MASK_CASES = [
    ("lstm", lambda L: L.LSTM(3, return_sequences=True, return_state=True)),
    ("lstm-last", lambda L: L.LSTM(3)),
    ("lstm-backwards", lambda L: L.LSTM(3, go_backwards=True, return_sequences=True, return_state=True)),
    ("lstm-no-cudnn", lambda L: L.LSTM(3, use_cudnn=False, return_sequences=True)),
    ("gru", lambda L: L.GRU(3, return_sequences=True, return_state=True)),
    ("gru-backwards", lambda L: L.GRU(3, go_backwards=True, return_state=True)),
    ("gru-reset-before", lambda L: L.GRU(3, reset_after=False, return_sequences=True)),
    ("simple_rnn", lambda L: L.SimpleRNN(3, return_sequences=True)),
    ("rnn-cells-zero-output", lambda L: L.RNN([L.LSTMCell(2), L.SimpleRNNCell(3)], return_sequences=True, zero_output_for_mask=True)),
    ("lstm-zero-output", lambda L: L.LSTM(3, return_sequences=True, zero_output_for_mask=True)),
    ("bidirectional-lstm", lambda L: L.Bidirectional(L.LSTM(3, return_sequences=True))),
    ("bidirectional-gru-last", lambda L: L.Bidirectional(L.GRU(3))),
]  # fmt: skip

IDS = {
    "right-padded": [[3, 1, 4, 1, 5], [2, 7, 0, 0, 0], [9, 0, 0, 0, 0]],
    "left-padded": [[0, 0, 4, 1, 5], [2, 7, 1, 8, 2], [0, 0, 0, 0, 9]],
    "holes": [[3, 0, 4, 0, 5], [2, 7, 0, 0, 6], [0, 0, 0, 0, 0]],
}


@pytest.fixture(autouse=True)
def _fresh_names(keras_ref, kt):
    # Auto-generated names (`lstm_3`) appear in configs and weight paths: start both counters from zero.
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


def _assert_outputs_close(ours, ref):
    ours, ref = _flat(ours), _flat(ref)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)


def _grads(outputs, params):
    loss = sum((o * torch.linspace(0.5, 1.5, o.shape[-1])).sum() for o in _flat(outputs))
    return torch.autograd.grad(loss, params, allow_unused=True)


def _pair(keras_ref, kt, build, x):
    ref, ours = build(keras_ref.layers), build(kt.layers)
    ref(x)
    ours(x)
    assert [w.shape for w in ours.get_weights()] == [tuple(w.shape) for w in ref.get_weights()]
    ours.set_weights(ref.get_weights())
    return ref, ours


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_layer_parity(keras_ref, kt, index):
    _, build, shape, call_kwargs = CASES[index]
    x = _data(shape)
    ref, ours = _pair(keras_ref, kt, build, x)
    assert [w.path for w in ours.weights] == [w.path for w in ref.weights]
    x_ref, x_ours = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ref_out, our_out = ref(x_ref, **call_kwargs), ours(x_ours, **call_kwargs)
    _assert_outputs_close(our_out, ref_out)
    ref_grads = _grads(ref_out, [x_ref] + _ref_params(ref))
    our_grads = _grads(our_out, [x_ours] + list(ours.trainable_weights))
    for a, b in zip(our_grads, ref_grads):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)
    assert ours.get_config() == ref.get_config()


@pytest.mark.parametrize("index", range(len(DROPOUT_CASES)), ids=[c[0] for c in DROPOUT_CASES])
def test_seeded_dropout_parity(keras_ref, kt, index):
    _, build = DROPOUT_CASES[index]
    x = _data((4, 6, 5))
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_outputs_close(ours(x), ref(x))
    for _ in range(2):  # the seeded streams advance alike
        _assert_outputs_close(ours(x, training=True), ref(x, training=True))


@pytest.mark.parametrize("padding", list(IDS))
@pytest.mark.parametrize("index", range(len(MASK_CASES)), ids=[c[0] for c in MASK_CASES])
def test_mask_parity(keras_ref, kt, index, padding):
    _, build = MASK_CASES[index]
    ids = np.array(IDS[padding], dtype="int32")
    results = []
    for lib in (keras_ref, kt):
        embedding = lib.layers.Embedding(10, 4, mask_zero=True)
        layer = build(lib.layers)
        layer(embedding(ids))
        results.append((embedding, layer))
    (ref_embedding, ref), (our_embedding, ours) = results
    our_embedding.set_weights(ref_embedding.get_weights())
    ours.set_weights(ref.get_weights())
    ref_out, our_out = ref(ref_embedding(ids)), ours(our_embedding(ids))
    _assert_outputs_close(our_out, ref_out)
    for a, b in zip(_flat(our_out), _flat(ref_out)):
        ref_mask, our_mask = getattr(b, "_keras_mask", None), getattr(a, "_keras_mask", None)
        assert (ref_mask is None) == (our_mask is None)
        if ref_mask is not None:
            np.testing.assert_array_equal(_numpy(our_mask), _numpy(ref_mask))
    ref_grads = _grads(ref_out, _ref_params(ref) + _ref_params(ref_embedding))
    our_grads = _grads(our_out, list(ours.trainable_weights) + list(our_embedding.trainable_weights))
    for a, b in zip(our_grads, ref_grads):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_initial_state_parity(keras_ref, kt, name):
    x = _data((2, 5, 4))
    states = [_data((2, 3), seed=s) for s in range(2 if name == "LSTM" else 1)]
    build = lambda L: getattr(L, name)(3, return_sequences=True, return_state=True, go_backwards=True)  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_outputs_close(ours(x, initial_state=[torch.tensor(s) for s in states]),
                          ref(x, initial_state=[torch.tensor(s) for s in states]))


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_stateful_parity(keras_ref, kt, name):
    x1, x2 = _data((2, 4, 3)), _data((2, 4, 3), seed=1)
    build = lambda L: getattr(L, name)(3, stateful=True, return_state=True)  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x1)
    ref.reset_state()
    ours.reset_state()
    for x in (x1, x2):
        _assert_outputs_close(ours(x), ref(x))
    ref.reset_states()
    ours.reset_states()
    _assert_outputs_close(ours(x2), ref(x2))


@pytest.mark.parametrize("name", ["LSTM", "GRU", "SimpleRNN"])
def test_in_sequential_model_fit_parity(keras_ref, kt, name):
    """Embedding(mask_zero) -> RNN -> Dense in a Sequential model: same predictions, and after 2 SGD steps."""
    ids = np.array(IDS["right-padded"] * 2, dtype="int32")
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0], dtype="float32")[:, None]
    models = []
    for lib in (keras_ref, kt):
        model = lib.Sequential([lib.Input((5,), dtype="int32"), lib.layers.Embedding(10, 4, mask_zero=True),
                                getattr(lib.layers, name)(3), lib.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=lib.optimizers.SGD(0.5), loss="binary_crossentropy")
        models.append(model)
    ref, ours = models
    ours.set_weights(ref.get_weights())
    np.testing.assert_allclose(ours.predict(ids, verbose=0), ref.predict(ids, verbose=0), atol=ATOL)
    for model in models:
        model.fit(ids, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL)
