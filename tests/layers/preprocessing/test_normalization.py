import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract_with_given_statistics():
    run_layer_test(keras.layers.Normalization, {"mean": [1.0, 2.0], "variance": [4.0, 1.0]}, input_shape=(3, 2),
                   expected_output_shape=(3, 2), supports_masking=True)


def test_hand_computed():
    layer = keras.layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 1.0])
    np.testing.assert_allclose(layer(np.array([[3.0, 5.0]], "float32")).numpy(), [[1.0, 3.0]])
    inverse = keras.layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 1.0], invert=True)
    np.testing.assert_allclose(inverse(np.array([[1.0, 3.0]], "float32")).numpy(), [[3.0, 5.0]])


@pytest.mark.parametrize("kind", ["numpy", "tensor", "batches", "xy_batches"])
def test_adapt_sources(kind):
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]], "float32")
    data = {"numpy": x, "tensor": torch.as_tensor(x), "batches": [x[:1], x[1:]],
            "xy_batches": iter([(x[:3], None), (x[3:], None)])}[kind]
    layer = keras.layers.Normalization()
    layer.adapt(data)
    assert [w.name for w in layer.weights] == ["mean", "variance", "count"]
    assert layer.trainable_weights == [] and layer.weights[2].dtype == torch.int32
    np.testing.assert_allclose(layer.get_weights()[0], [4.0, 25.0], rtol=1e-6)
    np.testing.assert_allclose(layer.get_weights()[1], [5.0, 125.0], rtol=1e-5)
    out = layer(x).numpy()
    np.testing.assert_allclose(out.mean(0), [0.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(out.std(0), [1.0, 1.0], atol=1e-5)


def test_set_weights_takes_effect():
    layer = keras.layers.Normalization()
    layer.build((None, 2))
    layer.set_weights([np.array([1.0, 1.0]), np.array([4.0, 4.0]), np.array(0)])
    np.testing.assert_allclose(layer(np.array([[3.0, 5.0]], "float32")).numpy(), [[1.0, 2.0]])


def test_errors():
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        keras.layers.Normalization(mean=1.0)
    with pytest.raises(ValueError, match="same shape"):
        keras.layers.Normalization(mean=[1.0, 2.0], variance=[1.0])
    with pytest.raises(ValueError, match="empty iterable"):
        keras.layers.Normalization().adapt([])
    layer = keras.layers.Normalization()
    layer.adapt(np.ones((4, 3), "float32"))
    with pytest.raises(ValueError, match="incompatible shape"):
        layer.adapt(np.ones((4, 2), "float32"))
    with pytest.raises(ValueError, match="cannot be adapted"):
        keras.layers.Normalization(mean=0.0, variance=1.0).adapt(np.ones((2, 2)))
