"""keras.utils array and dataset helpers: to_categorical, normalize, pad_sequences, split_dataset,
timeseries_dataset_from_array, text/image_dataset_from_directory, plot_model."""

import builtins
import os

import numpy as np
import pytest
import torch

import kerastorch as keras


def test_to_categorical_drops_trailing_unit_axis_and_infers_classes():
    out = keras.utils.to_categorical(np.array([[0], [2]]))
    np.testing.assert_array_equal(out, [[1, 0, 0], [0, 0, 1]])
    assert out.dtype == np.float64
    assert keras.utils.to_categorical([[1, 0]], num_classes=3).shape == (1, 2, 3)
    tensor = keras.utils.to_categorical(torch.tensor([1, 0]), 2)
    torch.testing.assert_close(tensor, torch.tensor([[0.0, 1.0], [1.0, 0.0]]))


def test_normalize_numpy_and_tensor():
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(keras.utils.normalize(x), [[0.6, 0.8], [0.0, 0.0]])
    np.testing.assert_allclose(keras.utils.normalize(x, order=1), [[3 / 7, 4 / 7], [0, 0]])
    np.testing.assert_allclose(keras.utils.normalize(x, axis=0), [[1.0, 1.0], [0.0, 0.0]])
    out = keras.utils.normalize(torch.tensor([[3.0, 4.0]]))
    torch.testing.assert_close(out, torch.tensor([[0.6, 0.8]]))


def test_pad_sequences_all_arguments():
    sequences = [[1], [2, 3, 4]]
    np.testing.assert_array_equal(keras.utils.pad_sequences(sequences), [[0, 0, 1], [2, 3, 4]])
    np.testing.assert_array_equal(keras.utils.pad_sequences(sequences, maxlen=2, padding="post", truncating="post",
                                                             value=-1), [[1, -1], [2, 3]])
    assert keras.utils.pad_sequences(sequences).dtype == np.int32
    assert keras.utils.pad_sequences([["a"], ["b", "c"]], dtype=object, value="_").tolist() == [["_", "a"], ["b", "c"]]
    with pytest.raises(ValueError, match="Padding type"):
        keras.utils.pad_sequences(sequences, padding="middle")
    with pytest.raises(ValueError, match="dtype=object"):
        keras.utils.pad_sequences(sequences, value="x")
    with pytest.raises(ValueError, match="non-iterable"):
        keras.utils.pad_sequences([1, 2])


def test_split_dataset_sizes_order_and_errors():
    x, y = np.arange(10), np.arange(10) * 2
    left, right = keras.utils.split_dataset((x, y), left_size=0.8)
    assert (len(left), len(right)) == (8, 2)
    assert [int(item[0]) for item in right] == [8, 9] and int(right[0][1]) == 16
    left, right = keras.utils.split_dataset(x, right_size=3, shuffle=True, seed=0)
    assert sorted(int(v[0]) for v in list(left) + list(right)) == list(range(10))
    left, right = keras.utils.split_dataset(x, left_size=3, right_size=2, shuffle=True, seed=0)
    assert (len(left), len(right)) == (3, 2)
    with pytest.raises(ValueError, match="At least one"):
        keras.utils.split_dataset(x)
    with pytest.raises(ValueError, match="left_size"):
        keras.utils.split_dataset(x, left_size=10)
    with pytest.raises(TypeError, match="dataset"):
        keras.utils.split_dataset("text", left_size=0.5)


def test_timeseries_windows_targets_and_validation():
    data = np.arange(20)
    ds = keras.utils.timeseries_dataset_from_array(data, data * 10, sequence_length=3, sequence_stride=2,
                                                   sampling_rate=2, batch_size=2)
    batches = list(ds)
    assert len(ds) == len(batches) == 4
    windows, targets = batches[0]
    np.testing.assert_array_equal(windows.numpy(), [[0, 2, 4], [2, 4, 6]])
    np.testing.assert_array_equal(targets.numpy(), [0, 20])
    total = sum(len(b[0]) for b in batches)
    assert total == 8  # 20 - (3 - 1) * 2 = 16 starts, stride 2
    single = list(keras.utils.timeseries_dataset_from_array(data, None, 4, batch_size=None, start_index=5))
    np.testing.assert_array_equal(single[0].numpy(), [5, 6, 7, 8])
    with pytest.raises(ValueError, match="sampling_rate"):
        keras.utils.timeseries_dataset_from_array(data, None, 3, sampling_rate=0)


def test_timeseries_dataset_feeds_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    data = np.linspace(0, 1, 50, dtype="float32").reshape(-1, 1)
    ds = keras.utils.timeseries_dataset_from_array(data, data[5:], 5, batch_size=8)
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def _write_texts(root):
    for label, texts in (("neg", ["bad", "awful", "poor"]), ("pos", ["good", "great"])):
        os.makedirs(root / label)
        for i, text in enumerate(texts):
            (root / label / f"{i}.txt").write_text(text)


def test_text_dataset_from_directory(tmp_path, capsys):
    _write_texts(tmp_path)
    ds = keras.utils.text_dataset_from_directory(tmp_path, batch_size=2, shuffle=False, max_length=3)
    assert "Found 5 files belonging to 2 classes." in capsys.readouterr().out
    assert ds.class_names == ["neg", "pos"]
    texts, labels = next(iter(ds))
    assert list(texts) == ["bad", "awf"] and labels.dtype == torch.int32
    train, val = keras.utils.text_dataset_from_directory(tmp_path, label_mode="binary", validation_split=0.4,
                                                         subset="both", seed=1)
    assert sum(len(b[0]) for b in train) == 3 and sum(len(b[0]) for b in val) == 2
    assert next(iter(val))[1].shape[1:] == (1,)
    with pytest.raises(ValueError, match="seed"):
        keras.utils.text_dataset_from_directory(tmp_path, validation_split=0.2, subset="training")


def test_image_dataset_from_directory(tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    for label, value in (("a", 0), ("b", 255)):
        os.makedirs(tmp_path / label)
        for i in range(3):
            image_module.fromarray(np.full((6, 4, 3), value, "uint8")).save(tmp_path / label / f"{i}.png")
    ds = keras.utils.image_dataset_from_directory(tmp_path, image_size=(8, 8), batch_size=4, label_mode="categorical",
                                                  seed=0, verbose=False)
    images, labels = next(iter(ds))
    assert images.shape == (4, 8, 8, 3) and images.dtype == torch.float32 and labels.shape == (4, 2)
    assert torch.all((images.mean(dim=(1, 2, 3)) > 127) == (labels[:, 1] == 1))
    assert ds.class_names == ["a", "b"] and len(ds.file_paths) == 6


def test_image_dataset_without_pillow_names_the_extra(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_pil(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("No module named 'PIL'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pil)
    with pytest.raises(ImportError, match=r"kerastorch\[images\]"):
        keras.utils.image_dataset_from_directory(tmp_path)


def test_plot_model_without_pydot_is_a_clear_import_error(monkeypatch):
    real_import = builtins.__import__

    def no_pydot(name, *args, **kwargs):
        if name == "pydot":
            raise ImportError("No module named 'pydot'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pydot)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(ImportError, match="pydot.*Graphviz"):
        keras.utils.plot_model(model)


def test_progbar_is_exported():
    from kerastorch.utils.progbar import Progbar

    assert keras.utils.Progbar is Progbar
