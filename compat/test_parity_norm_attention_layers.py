"""Parity of the normalization, regularization and attention layers with real Keras on torch.

Each case builds the same layer in both, copies Keras's weights into kerastorch with `set_weights`, and
compares, on the same float32 inputs: outputs in inference and (where deterministic: seeded noise) in training,
gradients of a fixed weighted sum with respect to the inputs and every trainable weight, the weights after the
calls (BatchNormalization's moving statistics), output masks and `get_config()` (each library also loads the
other's config).
"""

import copy

import numpy as np
import pytest
import torch

ATOL = 1e-5

# (layer class, constructor arguments, input shapes (a tuple, a list for a list input, a dict for keyword
# inputs), extra call arguments, whether training mode is deterministic). One line per case.
CASES = [
    ("BatchNormalization", {}, (6, 5), {}, True),
    ("BatchNormalization", {"momentum": 0.9, "epsilon": 1e-2}, (4, 3, 5, 6), {}, True),
    ("BatchNormalization", {"axis": 1}, (4, 3, 5, 6), {}, True),
    ("BatchNormalization", {"axis": 1, "center": False, "scale": False}, (4, 3, 5), {}, True),
    ("BatchNormalization", {"gamma_initializer": "random_normal", "beta_initializer": "random_normal"}, (4, 7, 3), {}, True),
    ("BatchNormalization", {"moving_mean_initializer": "random_uniform", "moving_variance_initializer": "ones"}, (1, 4), {}, True),
    ("BatchNormalization", {"renorm": True, "renorm_clipping": {"rmax": 1.5, "rmin": 0.5, "dmax": 0.3}, "momentum": 0.8}, (8, 4), {}, True),
    ("BatchNormalization", {"renorm": True, "renorm_momentum": 0.5}, (8, 2, 4), {}, True),
    ("LayerNormalization", {}, (3, 5, 6), {}, True),
    ("LayerNormalization", {"axis": [1, 2], "epsilon": 1e-5}, (3, 5, 6), {}, True),
    ("LayerNormalization", {"axis": [-2, -1], "center": False}, (2, 3, 4, 5), {}, True),
    ("LayerNormalization", {"scale": False, "beta_initializer": "random_normal"}, (4, 6), {}, True),
    ("LayerNormalization", {"rms_scaling": True, "gamma_initializer": "random_normal"}, (3, 5, 6), {}, True),
    ("GroupNormalization", {"groups": 2}, (3, 5, 6), {}, True),
    ("GroupNormalization", {"groups": 3, "axis": 1, "gamma_initializer": "random_normal"}, (2, 6, 4, 5), {}, True),
    ("GroupNormalization", {"groups": -1, "epsilon": 1e-5}, (2, 4, 4, 3), {}, True),
    ("GroupNormalization", {"groups": 1, "center": False}, (2, 7, 4), {}, True),
    ("UnitNormalization", {}, (3, 5), {}, True),
    ("UnitNormalization", {"axis": [1, 2]}, (3, 4, 5), {}, True),
    ("RMSNormalization", {}, (3, 5, 6), {}, True),
    ("RMSNormalization", {"axis": [1, 2], "epsilon": 1e-3}, (3, 5, 6), {}, True),
    ("SpatialDropout1D", {"rate": 0.5, "seed": 3}, (4, 5, 6), {}, True),
    ("SpatialDropout2D", {"rate": 0.4, "seed": 5}, (3, 4, 4, 6), {}, True),
    ("SpatialDropout2D", {"rate": 0.4, "seed": 5, "data_format": "channels_first"}, (3, 6, 4, 4), {}, True),
    ("SpatialDropout3D", {"rate": 0.3, "seed": 1}, (2, 3, 3, 3, 4), {}, True),
    ("GaussianDropout", {"rate": 0.3, "seed": 2}, (4, 6), {}, True),
    ("GaussianDropout", {"rate": 0.3}, (4, 6), {}, False),
    ("GaussianNoise", {"stddev": 0.5, "seed": 9}, (3, 4, 5), {}, True),
    ("AlphaDropout", {"rate": 0.2, "seed": 4}, (5, 6), {}, True),
    ("AlphaDropout", {"rate": 0.3, "seed": 4, "noise_shape": (None, 1, 6)}, (5, 4, 6), {}, True),
    ("ActivityRegularization", {"l1": 0.1, "l2": 0.01}, (3, 4), {}, True),
    ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}, (3, 5), {}, True),
    ("EinsumDense", {"equation": "abc,cde->abde", "output_shape": (None, 2, 3), "bias_axes": "de", "activation": "relu"}, (3, 4, 5), {}, True),
    ("EinsumDense", {"equation": "...b,bc->...c", "output_shape": 3, "bias_axes": "c"}, (2, 3, 4, 5), {}, True),
    ("EinsumDense", {"equation": "ab...,bc->ac...", "output_shape": 3}, (2, 4, 5), {}, True),
    ("Attention", {}, [(2, 3, 4), (2, 5, 4)], {}, True),
    ("Attention", {"use_scale": True, "score_mode": "concat"}, [(2, 3, 4), (2, 5, 4), (2, 5, 4)], {}, True),
    ("Attention", {}, [(2, 4, 4), (2, 4, 4)], {"use_causal_mask": True, "return_attention_scores": True}, True),
    ("Attention", {"dropout": 0.3, "seed": 7}, [(2, 3, 4), (2, 5, 4)], {}, True),
    ("AdditiveAttention", {}, [(2, 3, 4), (2, 5, 4)], {}, True),
    ("AdditiveAttention", {"use_scale": False}, [(2, 3, 4), (2, 5, 4), (2, 5, 4)], {"return_attention_scores": True}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, {"query": (2, 4, 6), "value": (2, 4, 6)}, {"use_causal_mask": True}, True),
    ("MultiHeadAttention", {"num_heads": 3, "key_dim": 2, "value_dim": 4, "output_shape": 5}, {"query": (2, 4, 6), "value": (2, 5, 3), "key": (2, 5, 7)}, {"return_attention_scores": True}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "use_bias": False, "use_gate": True}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "sliding_window": 2}, {"query": (2, 5, 6), "value": (2, 5, 6)}, {"use_causal_mask": True}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}, {"query": (2, 3, 4, 6), "value": (2, 3, 4, 6)}, {}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 2, "attention_axes": 2}, {"query": (2, 3, 4, 5), "value": (2, 3, 4, 5)}, {"return_attention_scores": True}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "dropout": 0.4, "seed": 3}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {}, True),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {}, True),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 1}, {"query": (2, 4, 6), "value": (2, 4, 6)}, {"use_causal_mask": True, "return_attention_scores": True}, True),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 2, "use_gate": True, "use_bias": False}, {"query": (2, 4, 6), "value": (2, 5, 6), "key": (2, 5, 3)}, {}, True),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2, "dropout": 0.5, "seed": 11}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {}, True),
    # Channels-first axes, 5D inputs, offset-only normalizations, and the remaining dropout/attention options.
    ("BatchNormalization", {"axis": 1}, (4, 3, 5), {}, True),
    ("BatchNormalization", {"axis": 1, "momentum": 0.7}, (4, 3, 2, 3, 2), {}, True),
    ("BatchNormalization", {"scale": False, "beta_regularizer": "l2"}, (4, 3), {}, True),
    ("LayerNormalization", {"axis": [1, 3], "epsilon": 1e-2}, (3, 4, 5, 2), {}, True),
    ("GroupNormalization", {"groups": 2, "axis": 1}, (2, 4, 3, 2, 2), {}, True),
    ("GroupNormalization", {"groups": 4, "scale": False, "beta_initializer": "random_normal"}, (2, 5, 8), {}, True),
    ("UnitNormalization", {"axis": 1}, (3, 4, 5), {}, True),
    ("SpatialDropout1D", {"rate": 0.6, "seed": 8}, (3, 7, 2), {}, True),
    ("SpatialDropout3D", {"rate": 0.3, "seed": 1, "data_format": "channels_first"}, (2, 4, 3, 3, 3), {}, True),
    ("GaussianNoise", {"stddev": 0.2}, (3, 4), {}, False),
    ("ActivityRegularization", {}, (3, 4), {}, True),
    ("Attention", {"score_mode": "concat", "dropout": 0.2, "seed": 2}, [(2, 3, 4), (2, 5, 4)], {"return_attention_scores": True}, True),
    ("AdditiveAttention", {"dropout": 0.3, "seed": 5}, [(2, 3, 4), (2, 5, 4)], {}, True),
    ("AdditiveAttention", {}, [(2, 4, 4), (2, 4, 4)], {"use_causal_mask": True}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "value_dim": 5, "output_shape": (2, 4)}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {}, True),
    ("MultiHeadAttention", {"num_heads": 1, "key_dim": 4, "use_bias": False, "kernel_initializer": "random_normal"}, {"query": (2, 4, 6), "value": (2, 5, 3), "key": (2, 5, 2)}, {"return_attention_scores": True}, True),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "flash_attention": False}, {"query": (2, 4, 6), "value": (2, 4, 6)}, {"use_causal_mask": True, "return_attention_scores": True}, True),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 6, "num_key_value_heads": 3, "dropout": 0.2, "seed": 4}, {"query": (2, 4, 6), "value": (2, 5, 6)}, {"return_attention_scores": True}, True),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2, "flash_attention": False}, {"query": (2, 4, 5), "value": (2, 4, 5)}, {"use_causal_mask": True}, True),
]  # fmt: skip


def _tensor(shape, seed):
    rng = np.random.default_rng(seed)
    return torch.tensor(rng.standard_normal(shape).astype("float32") + 0.3)


def _inputs(shapes, seed=0):
    if isinstance(shapes, dict):
        return {key: _tensor(shape, seed + i) for i, (key, shape) in enumerate(shapes.items())}
    if isinstance(shapes, list):
        return [_tensor(shape, seed + i) for i, shape in enumerate(shapes)]
    return _tensor(shapes, seed)


def _leaves(inputs):
    if isinstance(inputs, dict):
        return list(inputs.values())
    return list(inputs) if isinstance(inputs, list) else [inputs]


def _fresh(inputs):
    """Copies of the inputs that require grad (a new leaf per call, so each framework gets its own)."""
    if isinstance(inputs, dict):
        return {key: value.clone().requires_grad_() for key, value in inputs.items()}
    if isinstance(inputs, list):
        return [value.clone().requires_grad_() for value in inputs]
    return inputs.clone().requires_grad_()


def _call(layer, inputs, call_kwargs, training):
    if isinstance(inputs, dict):
        return layer(**inputs, **call_kwargs, training=training)
    return layer(inputs, **call_kwargs, training=training)


def _numpy(x):
    if isinstance(x, (list, tuple)):
        return [_numpy(v) for v in x]
    return x.detach().cpu().numpy()


def _outputs(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _torch_weight(variable):
    return variable.value if hasattr(variable, "value") and isinstance(variable.value, torch.Tensor) else variable


def _pair(keras_ref, kt, name, kwargs, index):
    kwargs = {**kwargs, "name": f"{name.lower()}_case_{index}"}
    return getattr(keras_ref.layers, name)(**kwargs), getattr(kt.layers, name)(**kwargs)


def _gradients(layer, inputs, call_kwargs, training, trainable, reduce_weights):
    fresh = _fresh(inputs)
    outputs = _outputs(_call(layer, fresh, call_kwargs, training))
    loss = sum((o * w).sum() for o, w in zip(outputs, reduce_weights))
    targets = _leaves(fresh) + trainable
    grads = torch.autograd.grad(loss, targets, allow_unused=True)
    return [np.zeros(tuple(t.shape), "float32") if g is None else g.detach().numpy() for t, g in zip(targets, grads)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_layer_parity(keras_ref, kt, index):
    name, kwargs, shapes, call_kwargs, deterministic = CASES[index]
    ref, ours = _pair(keras_ref, kt, name, kwargs, index)
    inputs = _inputs(shapes)
    ref_out = _outputs(_call(ref, inputs, call_kwargs, False))
    _call(ours, inputs, call_kwargs, False)
    assert [tuple(w.shape) for w in ours.get_weights()] == [tuple(w.shape) for w in ref.get_weights()]
    assert [w.name for w in ours.weights] == [w.name for w in ref.weights]
    ours.set_weights(ref.get_weights())
    our_out = _outputs(_call(ours, inputs, call_kwargs, False))
    assert len(our_out) == len(ref_out)
    for a, b in zip(our_out, ref_out):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)
    assert ours.get_config() == ref.get_config()
    # Each library rebuilds the other's config into the same config (Keras's `from_config` pops keys: copies).
    assert type(ours).from_config(copy.deepcopy(ref.get_config())).get_config() == ref.get_config()
    assert type(ref).from_config(copy.deepcopy(ours.get_config())).get_config() == ref.get_config()
    assert ours.supports_masking == ref.supports_masking

    # Gradients of a fixed weighted sum, with respect to the inputs and every trainable weight.
    reduce_weights = [_tensor(tuple(o.shape), 99 + i) for i, o in enumerate(ref_out)]
    ref_trainable = [_torch_weight(v) for v in ref.trainable_weights]
    ref_grads = _gradients(ref, inputs, call_kwargs, False, ref_trainable, reduce_weights)
    our_grads = _gradients(ours, inputs, call_kwargs, False, list(ours.trainable_weights), reduce_weights)
    for a, b in zip(our_grads, ref_grads):
        np.testing.assert_allclose(a, b, atol=1e-4, rtol=1e-5)

    if deterministic:
        for step in range(3):  # three calls: seeded streams advance and moving statistics move, as in Keras
            data = _inputs(shapes, seed=10 + step)
            for a, b in zip(_outputs(_call(ours, data, call_kwargs, True)), _outputs(_call(ref, data, call_kwargs, True))):
                np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)
        for a, b in zip(ours.get_weights(), ref.get_weights()):
            np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)
        data = _inputs(shapes, seed=20)
        ref_grads = _gradients(ref, data, call_kwargs, True, ref_trainable, reduce_weights)
        our_grads = _gradients(ours, data, call_kwargs, True, list(ours.trainable_weights), reduce_weights)
        for a, b in zip(our_grads, ref_grads):
            np.testing.assert_allclose(a, b, atol=1e-4, rtol=1e-5)


def _ids():
    return np.array([[3, 1, 0, 0, 0], [4, 2, 7, 1, 0]], dtype="int32")


def _embedded(lib, ids, dim=6, seed=0):
    embedding = lib.layers.Embedding(10, dim, mask_zero=True, embeddings_initializer="random_normal")
    embedding.build((None, ids.shape[1]))
    return embedding


def _masked_pair(keras_ref, kt, ids, dim=6):
    ref_embedding = _embedded(keras_ref, ids, dim)
    our_embedding = _embedded(kt, ids, dim)
    our_embedding.set_weights(ref_embedding.get_weights())
    return ref_embedding(ids), our_embedding(ids)


def _mask(x):
    mask = getattr(x, "_keras_mask", None)
    return None if mask is None else _numpy(mask)


@pytest.mark.parametrize("name, kwargs", [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "dropout": 0.1}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 2, "num_key_value_heads": 1}),
])  # fmt: skip
@pytest.mark.parametrize("causal", [False, True])
def test_attention_masks_from_inputs(keras_ref, kt, name, kwargs, causal):
    ref_x, our_x = _masked_pair(keras_ref, kt, _ids())
    ref, ours = _pair(keras_ref, kt, name, kwargs, 0)
    ref_out = ref(ref_x, ref_x, use_causal_mask=causal)
    ours(our_x, our_x, use_causal_mask=causal)
    ours.set_weights(ref.get_weights())
    ref_x, our_x = _masked_pair(keras_ref, kt, _ids())  # Keras clears the masks of its inputs: fresh ones
    ref_out = ref(ref_x, ref_x, use_causal_mask=causal)
    our_out = ours(our_x, our_x, use_causal_mask=causal)
    np.testing.assert_allclose(_numpy(our_out), _numpy(ref_out), atol=ATOL, rtol=0)
    np.testing.assert_array_equal(_mask(our_out), _mask(ref_out))


@pytest.mark.parametrize("name", ["MultiHeadAttention", "GroupQueryAttention"])
@pytest.mark.parametrize("scores", [False, True])
def test_attention_mask_with_fully_masked_rows(keras_ref, kt, name, scores):
    """The fused path averages the values of a fully masked query row, the explicit path gives zeros: as Keras."""
    kwargs = {"num_heads": 2, "key_dim": 3} if name == "MultiHeadAttention" else {
        "head_dim": 3, "num_query_heads": 2, "num_key_value_heads": 1}
    ref, ours = _pair(keras_ref, kt, name, kwargs, 0)
    query, value = _tensor((2, 4, 6), 0), _tensor((2, 5, 6), 1)
    attention_mask = torch.tensor(np.random.default_rng(3).random((2, 4, 5)) > 0.4)
    attention_mask[0, 1] = False
    ref(query, value)
    ours(query, value)
    ours.set_weights(ref.get_weights())
    ref_out = _outputs(ref(query, value, attention_mask=attention_mask, return_attention_scores=scores))
    our_out = _outputs(ours(query, value, attention_mask=attention_mask, return_attention_scores=scores))
    for a, b in zip(our_out, ref_out):
        np.testing.assert_allclose(_numpy(a), _numpy(b), atol=ATOL, rtol=0)


@pytest.mark.parametrize("name, kwargs", [("Attention", {}), ("Attention", {"score_mode": "concat"}), ("AdditiveAttention", {})])
@pytest.mark.parametrize("causal", [False, True])
def test_attention_list_masks(keras_ref, kt, name, kwargs, causal):
    ref_q, our_q = _masked_pair(keras_ref, kt, _ids(), dim=4)
    ref, ours = _pair(keras_ref, kt, name, kwargs, 0)
    ref_out = ref([ref_q, ref_q], use_causal_mask=causal)
    ours([our_q, our_q], use_causal_mask=causal)
    ours.set_weights(ref.get_weights())
    our_out = ours([our_q, our_q], use_causal_mask=causal)
    np.testing.assert_allclose(_numpy(our_out), _numpy(ref_out), atol=ATOL, rtol=0)
    np.testing.assert_array_equal(_mask(our_out), _mask(ref_out))
    explicit = [torch.tensor([[True, True, False], [True, False, True]]), torch.tensor([[True, False, True, True, False], [False, True, True, True, True]])]
    query, value = _tensor((2, 3, 4), 5), _tensor((2, 5, 4), 6)
    np.testing.assert_allclose(_numpy(ours([query, value], mask=explicit)), _numpy(ref([query, value], mask=explicit)), atol=ATOL, rtol=0)


@pytest.mark.parametrize("kwargs", [{}, {"momentum": 0.5}])
def test_batch_normalization_mask(keras_ref, kt, kwargs):
    ref_x, our_x = _masked_pair(keras_ref, kt, _ids())
    ref, ours = _pair(keras_ref, kt, "BatchNormalization", kwargs, 0)
    for _ in range(3):
        ref_out = ref(ref_x, training=True)
        our_out = ours(our_x, training=True)
        np.testing.assert_allclose(_numpy(our_out), _numpy(ref_out), atol=ATOL, rtol=0)
    np.testing.assert_array_equal(_mask(our_out), _mask(ref_out))
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)


def test_frozen_batch_normalization_runs_in_inference(keras_ref, kt):
    ref, ours = _pair(keras_ref, kt, "BatchNormalization", {"moving_mean_initializer": "random_normal"}, 0)
    x = _tensor((4, 3), 0)
    ref(x)
    ours(x)
    ours.set_weights(ref.get_weights())
    ref.trainable = False
    ours.trainable = False
    np.testing.assert_allclose(_numpy(ours(x, training=True)), _numpy(ref(x, training=True)), atol=ATOL, rtol=0)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_frozen_batch_normalization_in_fit(keras_ref, kt):
    """A frozen BatchNormalization inside `fit` normalizes with its moving statistics and leaves them alone,
    while the layers around it train: the same weights as Keras after two epochs."""
    models = []
    for lib in (keras_ref, kt):
        models.append(lib.Sequential([
            lib.Input((4,)), lib.layers.Dense(3),
            lib.layers.BatchNormalization(moving_mean_initializer="random_normal", gamma_initializer="random_normal"),
            lib.layers.Dense(1),
        ]))  # fmt: skip
    ref, ours = models
    ours.set_weights(ref.get_weights())
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 4)).astype("float32"), rng.standard_normal((8, 1)).astype("float32")
    frozen = ref.layers[1].get_weights()
    for model, lib in ((ref, keras_ref), (ours, kt)):
        model.layers[1].trainable = False
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="mse")
        model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    assert len(ours.trainable_weights) == len(ref.trainable_weights) == 4
    for a, b in zip(ours.layers[1].get_weights(), frozen):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)


def test_activity_regularization_losses(keras_ref, kt):
    ref, ours = _pair(keras_ref, kt, "ActivityRegularization", {"l1": 0.1, "l2": 0.02}, 0)
    x = _tensor((4, 3), 0)
    ref(x)
    ours(x)
    np.testing.assert_allclose([float(v) for v in ours.losses], [float(v) for v in ref.losses], atol=ATOL, rtol=0)


def _model(lib, mask_zero):
    inputs = lib.Input((5,), dtype="int32")
    x = lib.layers.Embedding(10, 8, mask_zero=mask_zero, embeddings_initializer="random_normal")(inputs)
    x = lib.layers.LayerNormalization()(x)
    attended = lib.layers.MultiHeadAttention(2, 4)(x, x)
    x = lib.layers.BatchNormalization()(lib.layers.GaussianNoise(0.1)(attended))
    x = lib.layers.GroupNormalization(2)(lib.layers.SpatialDropout1D(0.2)(x))
    x = lib.layers.RMSNormalization()(lib.layers.UnitNormalization()(x))
    outputs = lib.layers.EinsumDense("abc,cd->abd", (None, 3), bias_axes="d")(x)
    return lib.Model(inputs, outputs)


def _check_model(keras_ref, kt, mask_zero):
    ref, ours = _model(keras_ref, mask_zero), _model(kt, mask_zero)
    assert ref.count_params() == ours.count_params()
    assert [tuple(w.shape) for w in ours.get_weights()] == [tuple(w.shape) for w in ref.get_weights()]
    ours.set_weights(ref.get_weights())
    ids = _ids()
    np.testing.assert_allclose(_numpy(ours(ids)), _numpy(ref(ids)), atol=ATOL, rtol=0)


def test_functional_model(keras_ref, kt):
    _check_model(keras_ref, kt, mask_zero=False)


def test_functional_model_with_masks(keras_ref, kt):
    _check_model(keras_ref, kt, mask_zero=True)
