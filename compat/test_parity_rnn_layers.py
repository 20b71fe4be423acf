"""Parity of the recurrent layers with real Keras on torch.

Each case builds the same layer in both libraries, copies Keras's weights into kerastorch with `set_weights`,
and compares on the same float32 input: every output and state (atol 1e-5), the gradients of their sum with
respect to the input and to every trainable weight, the weights' paths, and `get_config()` (each library also
loads the other's). Masks come from `Embedding(mask_zero=True)`; seeded dropout is compared in training, where
both draw the same masks, gradients included. Cells are also compared one step at a time, on their own.
"""

import copy

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
    ("time_distributed-lstm", lambda L: L.TimeDistributed(L.LSTM(2)), (3, 5, 6, 4), {}),
    ("time_distributed-conv1d", lambda L: L.TimeDistributed(L.Conv1D(2, 3)), (3, 5, 6, 4), {}),
    ("time_distributed-conv2d-cf", lambda L: L.TimeDistributed(L.Conv2D(2, 2, data_format="channels_first")), (2, 3, 2, 5, 4), {}),
    ("bidirectional-gru-reset-before-state", lambda L: L.Bidirectional(L.GRU(3, reset_after=False, return_state=True)), (2, 5, 4), {}),
    ("gru-unroll", lambda L: L.GRU(3, unroll=True, return_sequences=True, return_state=True), (2, 5, 4), {}),
    ("rnn-cell-list-unroll-backwards", lambda L: L.RNN([L.GRUCell(3), L.LSTMCell(2)], unroll=True, go_backwards=True, return_state=True), (2, 5, 4), {}),
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
    ("bidirectional-state-none", lambda L: L.Bidirectional(L.LSTM(3, return_sequences=True, return_state=True), merge_mode=None)),
    ("time_distributed-dense", lambda L: L.TimeDistributed(L.Dense(2))),
    ("lstm-unroll", lambda L: L.LSTM(3, unroll=True, return_sequences=True, return_state=True)),
    ("gru-unroll-reset-before", lambda L: L.GRU(3, unroll=True, reset_after=False, return_sequences=True)),
    ("rnn-cells-unroll", lambda L: L.RNN([L.GRUCell(3), L.LSTMCell(2)], unroll=True, return_sequences=True, return_state=True)),
]  # fmt: skip

# A cell called on its own for one step: (id, builder, number of state tensors).
CELL_CASES = [
    ("simple_rnn_cell", lambda L: L.SimpleRNNCell(3), 1),
    ("simple_rnn_cell-relu-nobias", lambda L: L.SimpleRNNCell(3, activation="relu", use_bias=False), 1),
    ("lstm_cell", lambda L: L.LSTMCell(3), 2),
    ("lstm_cell-no-forget-bias", lambda L: L.LSTMCell(3, unit_forget_bias=False, bias_initializer="random_normal"), 2),
    ("gru_cell", lambda L: L.GRUCell(3), 1),
    ("gru_cell-reset-before", lambda L: L.GRUCell(3, reset_after=False, bias_initializer="random_normal"), 1),
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
    _assert_outputs_close(ours(x, training=True, **call_kwargs), ref(x, training=True, **call_kwargs))
    assert ours.get_config() == ref.get_config()
    _assert_configs_load_across(ref, ours)


def _assert_configs_load_across(ref, ours):
    """Each library rebuilds the other's config (nested cells and layers included) into the same config."""
    config = ref.get_config()
    assert type(ours).from_config(copy.deepcopy(config)).get_config() == config
    assert type(ref).from_config(copy.deepcopy(ours.get_config())).get_config() == config


@pytest.mark.parametrize("index", range(len(DROPOUT_CASES)), ids=[c[0] for c in DROPOUT_CASES])
def test_seeded_dropout_parity(keras_ref, kt, index):
    _, build = DROPOUT_CASES[index]
    x = _data((4, 6, 5))
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_outputs_close(ours(x), ref(x))
    for _ in range(2):  # the seeded streams advance alike
        _assert_outputs_close(ours(x, training=True), ref(x, training=True))
    # Gradients through the same dropout masks.
    x_ref, x_ours = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ref_out, our_out = ref(x_ref, training=True), ours(x_ours, training=True)
    _assert_outputs_close(our_out, ref_out)
    ref_grads = _grads(ref_out, [x_ref] + _ref_params(ref))
    our_grads = _grads(our_out, [x_ours] + list(ours.trainable_weights))
    for a, b in zip(our_grads, ref_grads):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=1e-6)


@pytest.mark.parametrize("index", range(len(CELL_CASES)), ids=[c[0] for c in CELL_CASES])
def test_cell_step_parity(keras_ref, kt, index):
    _, build, n_states = CELL_CASES[index]
    x = _data((3, 4))
    states = [_data((3, 3), seed=1 + i) for i in range(n_states)]
    ref, ours = build(keras_ref.layers), build(kt.layers)
    ref(torch.tensor(x), [torch.tensor(s) for s in states])
    ours(torch.tensor(x), [torch.tensor(s) for s in states])
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == [(w.name, tuple(w.shape)) for w in ref.weights]
    ours.set_weights(ref.get_weights())
    x_ref, x_ours = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    s_ref = [torch.tensor(s, requires_grad=True) for s in states]
    s_ours = [torch.tensor(s, requires_grad=True) for s in states]
    ref_out, our_out = ref(x_ref, s_ref), ours(x_ours, s_ours)
    _assert_outputs_close(our_out, ref_out)
    ref_grads = _grads(ref_out, [x_ref, *s_ref] + _ref_params(ref))
    our_grads = _grads(our_out, [x_ours, *s_ours] + list(ours.trainable_weights))
    for a, b in zip(our_grads, ref_grads):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)
    assert ours.get_config() == ref.get_config()
    _assert_configs_load_across(ref, ours)


def test_stacked_cells_step_parity(keras_ref, kt):
    x = _data((3, 4))
    states = [[_data((3, 3), seed=1), _data((3, 3), seed=2)], [_data((3, 2), seed=3)]]
    layers = []
    for lib in (keras_ref, kt):
        cells = lib.layers.StackedRNNCells([lib.layers.LSTMCell(3), lib.layers.GRUCell(2)])
        cells(torch.tensor(x), [[torch.tensor(s) for s in group] for group in states])
        layers.append(cells)
    ref, ours = layers
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == [(w.name, tuple(w.shape)) for w in ref.weights]
    ours.set_weights(ref.get_weights())
    ref_out = ref(torch.tensor(x), [[torch.tensor(s) for s in group] for group in states])
    our_out = ours(torch.tensor(x), [[torch.tensor(s) for s in group] for group in states])
    _assert_outputs_close(our_out, ref_out)
    ref_grads = _grads(ref_out, _ref_params(ref))
    our_grads = _grads(our_out, list(ours.trainable_weights))
    for a, b in zip(our_grads, ref_grads):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)
    _assert_configs_load_across(ref, ours)


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


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_bidirectional_initial_state_parity(keras_ref, kt, name):
    x = _data((2, 5, 4))
    n_states = 4 if name == "LSTM" else 2  # forward states, then backward states
    states = [_data((2, 3), seed=1 + s) for s in range(n_states)]
    build = lambda L: L.Bidirectional(getattr(L, name)(3, return_sequences=True, return_state=True))  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x)
    _assert_outputs_close(ours(x, initial_state=[torch.tensor(s) for s in states]),
                          ref(x, initial_state=[torch.tensor(s) for s in states]))


def test_time_distributed_batch_normalization_training_parity(keras_ref, kt):
    x = _data((3, 4, 5))
    ref, ours = _pair(keras_ref, kt, lambda L: L.TimeDistributed(L.BatchNormalization(momentum=0.5)), x)
    for step in range(2):
        _assert_outputs_close(ours(_data((3, 4, 5), seed=step + 1), training=True),
                              ref(_data((3, 4, 5), seed=step + 1), training=True))
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)
    _assert_outputs_close(ours(x, training=False), ref(x, training=False))


def test_bidirectional_stateful_parity(keras_ref, kt):
    x1, x2 = _data((2, 4, 3)), _data((2, 4, 3), seed=1)
    build = lambda L: L.Bidirectional(L.LSTM(3, stateful=True, return_sequences=True))  # noqa: E731
    ref, ours = _pair(keras_ref, kt, build, x1)
    ref.reset_states()
    ours.reset_states()
    for x in (x1, x2):
        _assert_outputs_close(ours(x), ref(x))


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
