import numpy as np
import pytest

import kerastorch as keras
from tests.layers.preprocessing._random_image_checks import check_random_layer


def test_random_behaviour():
    layer = check_random_layer("RandomContrast", {"factor": 0.5})
    assert layer.factor == (0, 0.5)


def test_output_keeps_mean_and_range():
    x = np.random.default_rng(1).uniform(0.2, 0.8, size=(8, 5, 5, 3)).astype("float32")
    out = keras.layers.RandomContrast((0.0, 0.2), value_range=(0, 1), seed=2)(x, training=True).numpy()
    np.testing.assert_allclose(out.mean(axis=(1, 2)), x.mean(axis=(1, 2)), atol=1e-5)
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert (out.std(axis=(1, 2)) >= x.std(axis=(1, 2)) - 1e-6).all()


def test_errors():
    with pytest.raises(ValueError, match="factor"):
        keras.layers.RandomContrast(1.5)
