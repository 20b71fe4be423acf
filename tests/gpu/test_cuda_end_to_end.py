"""End to end on CUDA (skipped on machines without a GPU): training, inference, mixed precision and saving
run with weights and batches on the GPU, numpy inputs are placed there, and a training step never makes the
host wait on the device."""

import numpy as np
import pytest
import torch

import kerastorch as keras

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.fixture
def on_cuda():
    keras.config.set_device("cuda")
    yield torch.device("cuda", torch.cuda.current_device())
    keras.config.set_device("cpu")
    keras.mixed_precision.set_global_policy("float32")


def _mlp():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((20,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dropout(0.1), keras.layers.Dense(3, activation="softmax")])


def _data(n=512):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 20)).astype("float32")
    return x, (x[:, 0] > 0).astype("int64") + (x[:, 1] > 1).astype("int64")


def test_fit_evaluate_predict_on_cuda(on_cuda):
    model = _mlp()
    assert all(p.device.type == "cuda" for p in model.parameters())
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = _data()
    history = model.fit(x, y, epochs=10, batch_size=64, verbose=0, validation_split=0.2)
    assert history.history["accuracy"][-1] > 0.85
    predictions = model.predict(x[:10], verbose=0)
    assert isinstance(predictions, np.ndarray) and predictions.shape == (10, 3)
    assert model(x[:4]).device.type == "cuda"  # numpy input placed on the model's device


def test_training_steps_do_not_sync_with_the_host(on_cuda):
    model = _mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)  # builds, warms up
    iterator = model._epoch_iterator(x, y, None, 64, None, shuffle=False)
    batches = [data for _, data in iterator]
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        for data in batches:
            logs = model.train_step(data)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert float(logs["loss"]) > 0


def test_cuda_matches_cpu_training(on_cuda):
    x, y = _data(256)
    results = []
    for device in ("cpu", "cuda"):
        keras.config.set_device(device)
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(32, activation="relu"),
                                  keras.layers.Dense(3, activation="softmax")])
        if results:
            model.set_weights(results[0][1])
        else:
            initial = model.get_weights()
        model.compile(optimizer=keras.optimizers.SGD(0.05), loss="sparse_categorical_crossentropy")
        history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0)
        results.append((history.history["loss"], initial, model.get_weights()))
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-4)
    for gpu, cpu in zip(results[1][2], results[0][2]):
        np.testing.assert_allclose(gpu, cpu, atol=1e-4)


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_precision_on_cuda(on_cuda, policy):
    keras.mixed_precision.set_global_policy(policy)
    model = _mlp()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = _data()
    history = model.fit(x, y, epochs=10, batch_size=64, verbose=0)
    assert history.history["accuracy"][-1] > 0.8
    assert model.layers[0].kernel.dtype == torch.float32


def test_cnn_lstm_attention_train_on_cuda(on_cuda):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    images = rng.random((64, 12, 12, 1)).astype("float32")
    cnn = keras.Sequential([keras.Input((12, 12, 1)), keras.layers.Conv2D(8, 3, activation="relu"),
                            keras.layers.MaxPooling2D(), keras.layers.BatchNormalization(), keras.layers.Flatten(),
                            keras.layers.Dense(2, activation="softmax")])
    cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    cnn.fit(images, rng.integers(0, 2, 64), epochs=1, verbose=0)
    tokens = rng.integers(1, 50, (64, 10))
    inputs = keras.Input((10,), dtype="int64")
    hidden = keras.layers.Embedding(50, 16, mask_zero=True)(inputs)
    hidden = keras.layers.MultiHeadAttention(2, 8)(hidden, hidden)
    hidden = keras.layers.LSTM(8)(hidden)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(hidden))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(tokens, rng.integers(0, 2, (64, 1)).astype("float32"), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


def test_save_and_load_on_cuda(on_cuda, tmp_path):
    model = _mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x, y = _data(128)
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert next(loaded.parameters()).device.type == "cuda"
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)


def test_model_moved_with_to_accepts_cpu_data(on_cuda):
    keras.config.set_device("cpu")
    model = _mlp()
    model.to("cuda")
    out = model(torch.ones(2, 20))
    assert out.device.type == "cuda"
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = _data(64)
    model.fit(x, y, epochs=1, verbose=0)
