"""keras.utils helpers against real Keras: same arrays for the same inputs."""

import numpy as np
import pytest
import torch


@pytest.mark.parametrize("labels, num_classes", [([0, 2, 1, 2], None), ([[1], [0]], 3), ([[0, 1], [2, 0]], None)])
def test_to_categorical(keras_ref, kt, labels, num_classes):
    expected = keras_ref.utils.to_categorical(labels, num_classes)
    got = kt.utils.to_categorical(labels, num_classes)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("axis, order", [(-1, 2), (-1, 1), (1, 3)])
def test_normalize_numpy(keras_ref, kt, axis, order):
    x = np.random.default_rng(0).normal(size=(4, 5))
    x[1] = 0.0
    np.testing.assert_allclose(kt.utils.normalize(x, axis, order), keras_ref.utils.normalize(x, axis, order), rtol=1e-12)


@pytest.mark.parametrize("order", [2, 1])
def test_normalize_tensor(keras_ref, kt, order):
    x = torch.tensor([[3.0, 4.0], [0.0, 0.0], [1e-9, 0.0]])
    expected = keras_ref.ops.convert_to_numpy(keras_ref.utils.normalize(x, order=order))
    np.testing.assert_allclose(kt.utils.normalize(x, order=order).numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("kwargs", [
    {}, {"maxlen": 2}, {"maxlen": 4, "padding": "post"}, {"maxlen": 2, "truncating": "post"},
    {"dtype": "float32", "value": -1.5}, {"maxlen": 3, "padding": "post", "truncating": "post", "value": 9},
])
def test_pad_sequences(keras_ref, kt, kwargs):
    sequences = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]]
    expected = keras_ref.utils.pad_sequences(sequences, **kwargs)
    got = kt.utils.pad_sequences(sequences, **kwargs)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_pad_sequences_of_vectors(keras_ref, kt):
    sequences = [np.ones((2, 3)), np.arange(9).reshape(3, 3)]
    np.testing.assert_array_equal(kt.utils.pad_sequences(sequences, maxlen=2, dtype="float32"),
                                  keras_ref.utils.pad_sequences(sequences, maxlen=2, dtype="float32"))


@pytest.mark.parametrize("left_size, right_size", [(0.7, None), (None, 4), (5, 0.75)])
def test_split_dataset_shuffled_with_seed(keras_ref, kt, left_size, right_size):
    x, y = np.arange(20), np.arange(20) * 10
    ref_left, ref_right = keras_ref.utils.split_dataset((x, y), left_size, right_size, shuffle=True, seed=7)
    left, right = kt.utils.split_dataset((x, y), left_size, right_size, shuffle=True, seed=7)
    assert [tuple(int(v) for v in item) for item in left] == [tuple(int(v) for v in item) for item in ref_left]
    assert [tuple(int(v) for v in item) for item in right] == [tuple(int(v) for v in item) for item in ref_right]


def test_split_dataset_rejects_what_keras_rejects(keras_ref, kt):
    for kwargs in ({"left_size": 0, "right_size": 0}, {"left_size": 1.5}, {"left_size": 0.6, "right_size": 0.6}):
        with pytest.raises(ValueError):
            keras_ref.utils.split_dataset(np.arange(10), **kwargs)
        with pytest.raises(ValueError):
            kt.utils.split_dataset(np.arange(10), **kwargs)


def _keras_windows(data, targets, sequence_length, sequence_stride=1, sampling_rate=1, batch_size=128,
                   start_index=0, end_index=None):
    """Keras's documented windowing (real Keras builds it with tf.data, which this machine lacks): window i
    starts at start_index + i * sequence_stride, takes sequence_length rows sampling_rate apart and ends
    before end_index; its target is targets[start]."""
    end_index = len(data) if end_index is None else end_index
    span = (sequence_length - 1) * sampling_rate + 1
    starts = list(range(start_index, end_index - span + 1, sequence_stride))
    windows = [(data[s:s + span:sampling_rate], targets[s]) for s in starts]
    return [(np.stack([w for w, _ in windows[b:b + batch_size]]), np.array([t for _, t in windows[b:b + batch_size]]))
            for b in range(0, len(windows), batch_size)]


@pytest.mark.parametrize("kwargs", [
    dict(sequence_length=4, batch_size=3),
    dict(sequence_length=3, sequence_stride=2, sampling_rate=2, batch_size=2),
    dict(sequence_length=5, start_index=3, end_index=17, batch_size=4),
])
def test_timeseries_batches(kt, kwargs):
    data = np.arange(40).reshape(20, 2)
    targets = np.arange(20) * 3
    expected = _keras_windows(data, targets, **kwargs)
    got = [(x.numpy(), y.numpy()) for x, y in kt.utils.timeseries_dataset_from_array(data, targets, **kwargs)]
    assert len(got) == len(expected)
    for (x, y), (ex, ey) in zip(got, expected):
        np.testing.assert_array_equal(x, ex)
        np.testing.assert_array_equal(y, ey)
