"""Parity of StringLookup, IntegerLookup, TextVectorization and Hashing with real Keras, from recorded outputs.

These layers need TensorFlow in Keras 3.15.1, which cannot share an interpreter with kerastorch's torch, so
`fixtures/make_string_layer_fixtures.py` ran each configuration through real Keras on the TensorFlow backend
and recorded the results in `fixtures/string_layers.json` (see that script for how it was made). Here every
case is rebuilt in kerastorch and must give the same outputs (exact for integers and strings, 1e-6 for
floats, and the same dtype and shape), the same errors, vocabulary, `vocabulary_size()`, tf-idf weights,
`compute_output_shape()` and `get_config()`; a layer rebuilt from Keras's config must give the same outputs.

Where Keras returns a ragged tensor (`TextVectorization(output_mode="one_hot")` with a split), the fixture holds
its zero-padded dense form, which is what kerastorch returns.
"""

import json
import pathlib

import numpy as np
import pytest
import torch

FIXTURE = json.loads((pathlib.Path(__file__).parent / "fixtures" / "string_layers.json").read_text("utf-8"))
CASES = FIXTURE["cases"]
ATOL = 1e-6
# The error kerastorch raises where Keras raised (TensorFlow's failed assertions become ValueErrors).
ERRORS = {"ValueError": ValueError, "InvalidArgumentError": ValueError, "RuntimeError": RuntimeError}


def _resolve(value):
    if isinstance(value, str) and value.startswith("$"):
        return FIXTURE["data"][value[1:]]
    return value


def _input(spec):
    value = _resolve(spec["value"])
    if spec["dtype"] is None:
        return value
    if spec["dtype"] == "S":
        return np.array(value, dtype=object).astype("S")
    return np.array(value, dtype=spec["dtype"])


def _kwargs(case):
    kwargs = dict(case["kwargs"])
    if isinstance(kwargs.get("ngrams"), list):
        kwargs["ngrams"] = tuple(kwargs["ngrams"])
    return kwargs


def _name(index):
    return f"{CASES[index]['layer'].lower()}_{index}"


def _build(kt, index):
    case = CASES[index]
    layer = getattr(kt.layers, case["layer"])(name=_name(index), **_kwargs(case))
    if case.get("adapt") is not None:
        layer.adapt(_resolve(case["adapt"]))
    if case.get("adapt_batches") is not None:
        layer.adapt(iter([np.array(batch) for batch in case["adapt_batches"]]), steps=case.get("adapt_steps"))
    if case.get("set_vocabulary") is not None:
        layer.set_vocabulary(**case["set_vocabulary"])
    return layer


def _jsonable(value):
    """A config as JSON would store it (tuples as lists, NumPy scalars as Python numbers)."""
    return json.loads(json.dumps(value, default=lambda v: v.item() if isinstance(v, np.generic) else str(v)))


def _check_output(ours, expected, where):
    if isinstance(ours, torch.Tensor):
        ours = ours.detach().cpu().numpy()
    ours = np.asarray(ours)
    assert list(ours.shape) == expected.get("shape", list(np.shape(expected["value"]))), where
    if expected["dtype"] == "string":
        assert ours.dtype.kind in ("U", "O"), where
        assert ours.tolist() == expected["value"], where
        return
    assert ours.dtype.name == expected["dtype"], where
    if ours.dtype.kind == "f":
        np.testing.assert_allclose(ours, np.array(expected["value"], dtype=ours.dtype), atol=ATOL, rtol=0,
                                   err_msg=where)
    else:
        np.testing.assert_array_equal(ours, np.array(expected["value"], dtype=ours.dtype), err_msg=where)


def _check_calls(layer, case):
    for i, (spec, expected) in enumerate(zip(case["calls"], case["outputs"])):
        where = f"call {i}: input {spec}"
        if "error" in expected:
            with pytest.raises(ERRORS[expected["error"]]):
                layer(_input(spec))
        else:
            _check_output(layer(_input(spec)), expected, where)


def _keras_config(index):
    """The `get_config()` Keras returned (stored as changes from its class's first config and the arguments)."""
    case = CASES[index]
    base = FIXTURE["base_configs"][case["layer"]]
    arguments = {key: value for key, value in case["kwargs"].items() if key in base}
    return {**base, **arguments, **case["config_changes"], "name": _name(index)}


def _case_id(index):
    case = CASES[index]
    arguments = ",".join(f"{k}={v}" for k, v in case["kwargs"].items() if k not in ("vocabulary", "idf_weights"))
    return f"{index}-{case['layer']}({arguments})"


@pytest.mark.parametrize("index", range(len(CASES)), ids=_case_id)
def test_string_layer_parity(kt, index):
    case = CASES[index]
    if "setup_error" in case:
        with pytest.raises(ERRORS[case["setup_error"]]):
            _build(kt, index)
        return
    layer = _build(kt, index)
    _check_calls(layer, case)
    for spec, expected in zip(case["calls"], case["output_shapes"]):
        if expected is not None:
            shape = np.shape(_resolve(spec["value"]))
            assert list(layer.compute_output_shape((None,) + shape[1:])) == expected, f"input {spec}"
    if case["layer"] != "Hashing":
        assert _jsonable(layer.get_vocabulary()) == case["vocabulary"]
        tokens = layer.get_vocabulary(include_special_tokens=False)
        assert _jsonable(tokens) == case["vocabulary"][case["num_special_tokens"]:]
        assert layer.vocabulary_size() == case["vocabulary_size"]
    if "idf_weights" in case:
        lookup = layer._lookup_layer if case["layer"] == "TextVectorization" else layer
        np.testing.assert_allclose(lookup.idf_weights.cpu().numpy(), case["idf_weights"], atol=ATOL, rtol=0)
    expected_config = _keras_config(index)
    config = _jsonable(layer.get_config())
    assert set(config) == set(expected_config)
    assert config == expected_config


@pytest.mark.parametrize("index", [i for i, case in enumerate(CASES) if "setup_error" not in case
                                   and (case["layer"] == "Hashing" or case["kwargs"].get("vocabulary") is not None)],
                         ids=_case_id)
def test_layer_from_keras_config(kt, index):
    """A layer rebuilt from the config real Keras saved behaves as Keras's layer did."""
    case = CASES[index]
    config = _keras_config(index)
    layer = getattr(kt.layers, case["layer"]).from_config(config)
    _check_calls(layer, case)
    assert _jsonable(layer.get_config()) == config


def test_fixture_provenance():
    assert FIXTURE["made_with"]["keras"] == "3.15.1" and FIXTURE["made_with"]["backend"] == "tensorflow"
    assert {case["layer"] for case in CASES} == {"TextVectorization", "StringLookup", "IntegerLookup", "Hashing"}
