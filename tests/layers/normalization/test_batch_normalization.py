"""BatchNormalization: contract, hand-computed statistics, moving updates, frozen mode, masks, errors."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape", [({}, (4, 3)), ({"axis": 1}, (2, 3, 4, 5)), ({"center": False, "scale": False}, (2, 5, 3)),
                                           ({"renorm": True}, (4, 3))])  # fmt: skip
def test_contract(kwargs, shape):
    trainable = int(kwargs.get("center", True)) + int(kwargs.get("scale", True))
    non_trainable = 5 if kwargs.get("renorm") else 2
    # The SGD-step check forbids non-trainable weights to move; here the moving statistics must move.
    run_layer_test(keras.layers.BatchNormalization, kwargs, input_shape=shape, expected_output_shape=shape,
                   expected_num_trainable_weights=trainable, expected_num_non_trainable_weights=non_trainable,
                   supports_masking=True, run_training_check=False)


def test_weight_names_and_order():
    layer = keras.layers.BatchNormalization()
    layer.build((None, 3))
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]


def test_training_uses_batch_statistics_and_updates_moving_ones():
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    layer = keras.layers.BatchNormalization(momentum=0.5, epsilon=0.0)
    out = layer(x, training=True)
    mean, var = x.mean(0), x.var(0, unbiased=False)
    torch.testing.assert_close(out, (x - mean) / var.sqrt())
    torch.testing.assert_close(layer.moving_mean.detach(), 0.5 * mean)
    torch.testing.assert_close(layer.moving_variance.detach(), 0.5 + 0.5 * var)
    inference = layer(x)
    torch.testing.assert_close(inference, (x - layer.moving_mean) / layer.moving_variance.sqrt())


def test_batch_of_one_normalizes_to_beta():
    layer = keras.layers.BatchNormalization(beta_initializer="ones")
    out = layer(torch.randn(1, 3), training=True)
    torch.testing.assert_close(out, torch.ones(1, 3))


def test_frozen_layer_runs_in_inference_and_keeps_statistics():
    layer = keras.layers.BatchNormalization()
    x = torch.randn(8, 3) * 4 + 2
    layer(x)
    layer.trainable = False
    before = [w.detach().clone() for w in layer.weights]
    torch.testing.assert_close(layer(x, training=True), layer(x, training=False))
    assert all(torch.equal(a, b.detach()) for a, b in zip(before, layer.weights))


def test_mask_excludes_positions_from_statistics():
    x = torch.tensor([[[1.0], [3.0], [100.0]]])
    mask = torch.tensor([[True, True, False]])
    layer = keras.layers.BatchNormalization(momentum=0.0, epsilon=0.0)
    layer(x, training=True, mask=mask)
    np.testing.assert_allclose(layer.moving_mean.detach().numpy(), [2.0], rtol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.detach().numpy(), [1.0], rtol=1e-6)


def test_mixed_precision_computes_in_float32():
    layer = keras.layers.BatchNormalization(dtype="mixed_bfloat16")
    out = layer(torch.randn(4, 3), training=True)
    assert out.dtype == torch.bfloat16 and layer.moving_mean.dtype == torch.float32


def test_synchronized_is_accepted_on_one_process():
    x = torch.randn(5, 3)
    a = keras.layers.BatchNormalization(synchronized=True)
    b = keras.layers.BatchNormalization()
    torch.testing.assert_close(a(x, training=True), b(x, training=True))
    assert a.get_config()["synchronized"] is True


@pytest.mark.parametrize("kwargs, error, message", [
    ({"axis": "x"}, TypeError, "Received: axis='x'"),
    ({"renorm": True, "renorm_clipping": {"bad": 1}}, ValueError, "Received: renorm_clipping="),
    ({"renorm": True, "renorm_clipping": {"rmax": 0.5, "rmin": 1.0}}, ValueError, "Received: renorm_clipping="),
    ({"renorm": True, "renorm_clipping": {"dmax": -1}}, ValueError, "Received: renorm_clipping="),
])  # fmt: skip
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        keras.layers.BatchNormalization(**kwargs)


def test_bad_inputs():
    with pytest.raises(ValueError, match="Received: axis=3"):
        keras.layers.BatchNormalization(axis=3)(torch.randn(2, 3))
    with pytest.raises(ValueError, match="Received: mask.shape"):
        keras.layers.BatchNormalization()(torch.randn(2, 3, 4), mask=torch.ones(2, 3, 4, dtype=torch.bool))
    with pytest.raises(ValueError, match="Received: axis=5"):
        keras.layers.BatchNormalization(axis=5).compute_output_shape((None, 3))
