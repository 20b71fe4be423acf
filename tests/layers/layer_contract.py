"""`run_layer_test`: the contract every layer is checked against, the same way for all of them.

One call builds the layer eagerly and symbolically and checks, in order:

1. config: `get_config()` -> `from_config()` gives an equal config, and `serialize_keras_object` /
   `deserialize_keras_object` rebuild the same class;
2. eager call: output shape (and values, when given), weight counts, `count_params`, the mask support;
3. torch module: `parameters()` are exactly the weights, `state_dict()` holds them, `.to(dtype)` converts
   them in place (the same Parameter objects, so optimizers keep working);
4. the revived layer (from the config, with `set_weights`) gives the same outputs;
5. symbolic call on `keras.Input`s: the output shape matches the eager one with the batch size unknown, and
   a `keras.Model` wrapping it gives the same numbers as the eager layer;
6. one training step: an SGD step on `sum(outputs)` changes every trainable weight and no other.
"""

import numpy as np
import torch

import kerastorch as keras
from kerastorch.utils import tree


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(d is None or isinstance(d, int) for d in value)


def make_input_data(input_shape, input_dtype="float32", seed=0):
    """Deterministic data for a shape (or a list of shapes): normal floats, or ints in [0, 10)."""
    generator = torch.Generator().manual_seed(seed)

    def make(shape):
        if "int" in input_dtype:
            return torch.randint(0, 10, tuple(shape), generator=generator, dtype=getattr(torch, input_dtype))
        return torch.randn(tuple(shape), generator=generator, dtype=getattr(torch, input_dtype))

    if _is_shape(input_shape):
        return make(input_shape)
    return [make(shape) for shape in input_shape]


def _shapes(structure):
    return tree.map_structure(lambda x: tuple(x.shape), structure) if tree.is_nested(structure) else tuple(
        structure.shape
    )


def _first_tensor(structure):
    return tree.flatten(structure)[0]


def _assert_close(actual, expected, atol, what):
    for a, e in zip(tree.flatten(actual), tree.flatten(expected)):
        a = a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
        e = e.detach().cpu().numpy() if isinstance(e, torch.Tensor) else np.asarray(e)
        np.testing.assert_allclose(a, e, atol=atol, rtol=0, err_msg=what)


def _symbolic_inputs(data):
    def make(x):
        dtype = str(x.dtype).replace("torch.", "")
        return keras.Input(shape=tuple(x.shape[1:]), dtype=dtype)

    return [make(x) for x in data] if isinstance(data, (list, tuple)) else make(data)


def check_config_round_trip(layer_cls, init_kwargs, safe_to_deserialize=True, from_config_kwargs=None,
                            compare_configs=True):
    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    revived = layer_cls.from_config(config, **(from_config_kwargs or {}))
    assert type(revived) is layer_cls
    if compare_configs:
        assert revived.get_config() == config, "from_config(get_config()) must give the same config"
    if safe_to_deserialize:
        serialized = keras.saving.serialize_keras_object(layer)
        assert serialized["class_name"] == (layer_cls.__dict__.get("_keras_class_name") or layer_cls.__name__)
        again = keras.saving.deserialize_keras_object(serialized)
        assert type(again) is layer_cls and again.get_config() == config
    return config


def check_torch_module(layer):
    weights = layer.weights
    assert isinstance(layer, torch.nn.Module)
    assert {id(p) for p in layer.parameters()} == {id(w) for w in weights}, "parameters() must be the weights"
    assert len(list(layer.parameters())) == len(weights)
    state = layer.state_dict()
    assert len(state) >= len(weights)
    if weights and all(w.is_floating_point() for w in weights):
        before = [id(w) for w in layer.weights]
        layer.to(torch.float64)
        assert [id(w) for w in layer.weights] == before, ".to() must keep the Parameter objects"
        assert all(w.dtype == torch.float64 for w in layer.weights)
        layer.to(torch.float32)
        assert all(w.dtype == torch.float32 for w in layer.weights)


def check_training_step(layer, data, call_kwargs):
    trainable = list(layer.trainable_weights)
    frozen = list(layer.non_trainable_weights)
    before_trainable = [w.detach().clone() for w in trainable]
    before_frozen = [w.detach().clone() for w in frozen]
    optimizer = torch.optim.SGD(trainable, lr=0.1)
    optimizer.zero_grad(set_to_none=True)
    outputs = layer(data, training=True, **call_kwargs)
    loss = sum(torch.sum(o) for o in tree.flatten(outputs) if o.is_floating_point())
    loss.backward()
    optimizer.step()
    for w, old in zip(trainable, before_trainable):
        assert not torch.equal(w.detach(), old), f"trainable weight {getattr(w, 'path', w.shape)} did not move"
    for w, old in zip(frozen, before_frozen):
        assert torch.equal(w.detach(), old), f"non-trainable weight {getattr(w, 'path', w.shape)} moved"


def run_layer_test(
    layer_cls,
    init_kwargs=None,
    input_shape=None,
    input_data=None,
    input_dtype="float32",
    call_kwargs=None,
    expected_output_shape=None,
    expected_output=None,
    expected_num_trainable_weights=0,
    expected_num_non_trainable_weights=0,
    supports_masking=None,
    run_training_check=True,
    run_symbolic_check=True,
    safe_to_deserialize=True,
    from_config_kwargs=None,
    compare_configs=True,
    atol=1e-6,
):
    """Checks `layer_cls(**init_kwargs)` against the layer contract; returns the eager layer and outputs.

    Args:
        layer_cls: The layer class.
        init_kwargs: Constructor arguments.
        input_shape, input_data: The input (a shape or list of shapes with the batch size, or the tensors).
        input_dtype: Dtype of generated data (`"int64"` for indices).
        call_kwargs: Extra call arguments (no `training`).
        expected_output_shape: The eager output shape (batch included), or a list of them.
        expected_output: Optional expected values.
        expected_num_trainable_weights, expected_num_non_trainable_weights: Weight counts once built.
        supports_masking: If not None, the expected `supports_masking`.
        run_training_check: Whether to run the SGD step check (layers with trainable weights only).
        run_symbolic_check: Whether to check the `keras.Input` / `keras.Model` path.
        safe_to_deserialize: False for layers whose configs hold code (the generic deserializer refuses them).
        from_config_kwargs: Extra `from_config` arguments (`{"safe_mode": False}` for such layers).
        compare_configs: False where a revived config legitimately differs (re-marshalled bytecode).
        atol: Absolute tolerance of value comparisons.
    """
    init_kwargs = init_kwargs or {}
    call_kwargs = call_kwargs or {}
    data = input_data if input_data is not None else make_input_data(input_shape, input_dtype)

    # 1. Config.
    config = check_config_round_trip(layer_cls, init_kwargs, safe_to_deserialize, from_config_kwargs, compare_configs)
    for key in ("name", "trainable", "dtype"):
        assert key in config, f"get_config() must hold the base key '{key}'"

    # 2. Eager call.
    layer = layer_cls(**init_kwargs)
    outputs = layer(data, **call_kwargs)
    assert layer.built
    if expected_output_shape is not None:
        assert _shapes(outputs) == (
            tuple(expected_output_shape) if _is_shape(expected_output_shape) else list(map(tuple, expected_output_shape))
        )
    if expected_output is not None:
        _assert_close(outputs, expected_output, atol, "eager output differs from the expected values")
    assert len(layer.trainable_weights) == expected_num_trainable_weights
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights
    assert len(layer.weights) == expected_num_trainable_weights + expected_num_non_trainable_weights
    assert layer.count_params() == sum(int(np.prod(w.shape)) for w in layer.weights)
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking

    # 3. torch module semantics.
    check_torch_module(layer)

    # 4. Revived from the config, with the weights copied: the same numbers.
    revived = layer_cls.from_config(layer.get_config(), **(from_config_kwargs or {}))
    revived(data, **call_kwargs)
    revived.set_weights(layer.get_weights())
    _assert_close(revived(data, **call_kwargs), layer(data, **call_kwargs), atol, "revived layer differs")

    # 5. Symbolic call and a Model around it.
    if run_symbolic_check:
        symbolic_layer = layer_cls(**init_kwargs)
        inputs = _symbolic_inputs(data)
        symbolic_out = symbolic_layer(inputs, **call_kwargs)
        for sym, eager in zip(tree.flatten(symbolic_out), tree.flatten(outputs)):
            assert sym.shape[0] is None, f"batch size must stay unknown, got {sym.shape}"
            assert tuple(sym.shape[1:]) == tuple(eager.shape[1:]), (sym.shape, eager.shape)
        assert len(symbolic_layer.weights) == len(layer.weights)
        model = keras.Model(inputs, symbolic_out)
        symbolic_layer.set_weights(layer.get_weights())
        _assert_close(model(data), layer(data, **call_kwargs), atol, "Model(Input) differs from the eager layer")

    # 6. One training step.
    if run_training_check and expected_num_trainable_weights:
        check_training_step(layer, data, call_kwargs)
    return layer, outputs
