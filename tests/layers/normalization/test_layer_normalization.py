"""LayerNormalization: contract, hand-computed values on fused and explicit paths, rms_scaling, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, trainable", [({}, (2, 3, 4), 2), ({"axis": [1, 2]}, (2, 3, 4), 2),
                                                      ({"axis": 1, "center": False}, (2, 3, 4), 1),
                                                      ({"rms_scaling": True}, (2, 5), 1)])  # fmt: skip
@pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`")
def test_contract(kwargs, shape, trainable):
    run_layer_test(keras.layers.LayerNormalization, kwargs, input_shape=shape, expected_output_shape=shape,
                   expected_num_trainable_weights=trainable, supports_masking=True)


def _reference(x, axes, epsilon=1e-3):
    mean = x.mean(dim=axes, keepdim=True)
    var = x.var(dim=axes, keepdim=True, unbiased=False)
    return (x - mean) / torch.sqrt(var + epsilon)


@pytest.mark.parametrize("axis, axes", [(-1, [2]), ([1, 2], [1, 2]), (1, [1]), ([0, 2], [0, 2])])
def test_values(axis, axes):
    x = torch.randn(3, 4, 5) * 3 + 1
    torch.testing.assert_close(keras.layers.LayerNormalization(axis=axis)(x), _reference(x, axes))


def test_axis_becomes_a_sorted_list_after_build():
    layer = keras.layers.LayerNormalization(axis=(2, 1))
    assert layer.get_config()["axis"] == [2, 1]
    layer(torch.randn(2, 3, 4))
    assert layer.get_config()["axis"] == [1, 2]
    assert tuple(layer.gamma.shape) == (3, 4)


def test_rms_scaling_divides_by_the_standard_deviation():
    x = torch.randn(4, 6) + 2
    with pytest.warns(UserWarning, match="rms_scaling"):
        layer = keras.layers.LayerNormalization(rms_scaling=True)
    expected = x / torch.sqrt(x.var(-1, keepdim=True, unbiased=False) + 1e-3)
    torch.testing.assert_close(layer(x), expected)
    assert [w.name for w in layer.weights] == ["gamma"]


def test_half_precision_inputs_keep_their_dtype_with_a_float32_policy():
    out = keras.layers.LayerNormalization()(torch.randn(2, 4, dtype=torch.float16))
    assert out.dtype == torch.float32


def test_bad_arguments_and_inputs():
    with pytest.raises(TypeError, match="Received: axis='a'"):
        keras.layers.LayerNormalization(axis="a")
    with pytest.raises(ValueError, match="Received: axis=3"):
        keras.layers.LayerNormalization(axis=3)(torch.randn(2, 3))
