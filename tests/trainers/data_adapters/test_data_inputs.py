"""Every input kind fit / evaluate / predict accept: generators, PyDataset, torch DataLoader and Dataset."""

import math
import warnings

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.trainers.data_adapters import get_data_adapter
from kerastorch.trainers.epoch_iterator import EpochIterator


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    return model


def _batches(count, size=2):
    return [(np.full((size, 4), i, "float32") / 10, np.ones((size, 1), "float32")) for i in range(count)]


def _gen(count, size=2):
    yield from _batches(count, size)


class _Batches(keras.utils.PyDataset):
    def __init__(self, batches, **kwargs):
        super().__init__(**kwargs)
        self.batches = batches
        self.ends = 0

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        return self.batches[index]

    def on_epoch_end(self):
        self.ends += 1


def _fit_arrays_loss(batches, epochs=1):
    model = _model()
    x = np.concatenate([b[0] for b in batches])
    y = np.concatenate([b[1] for b in batches])
    return model.fit(x, y, batch_size=len(batches[0][0]), shuffle=False, epochs=epochs, verbose=0).history["loss"]


def test_generator_trains_like_the_same_arrays_and_has_unknown_length():
    expected = _fit_arrays_loss(_batches(5))
    iterator = EpochIterator(_gen(5), shuffle=False)
    assert iterator.num_batches is None  # the progress bar shows "Unknown"
    model = _model()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = model.fit(_gen(5), shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], expected, rtol=1e-6)


def test_generator_num_batches_is_learned_after_the_first_pass():
    iterator = EpochIterator(_gen(3))
    assert [step for step, _ in iterator] == [0, 1, 2]
    assert iterator.num_batches == 3


def test_generator_batch_peeked_by_the_trainer_is_not_lost():
    iterator = EpochIterator(_gen(3))
    for _, first in iterator:
        break  # what Trainer._build_for_data does
    batches = [batch for _, batch in iterator]
    assert len(batches) == 3
    torch.testing.assert_close(batches[0][0], first[0])


def test_exhausted_generator_replays_its_first_two_batches_with_keras_warning():
    # Keras keeps the first two batches it peeked and starts every new pass with them.
    model = _model()
    with pytest.warns(UserWarning, match="ran out of data"):
        history = model.fit(_gen(5), epochs=3, shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 3


def test_steps_per_epoch_with_endless_generator_continues_across_epochs():
    seen = []

    def endless():
        i = 0
        while True:
            seen.append(i)
            yield np.full((2, 4), i, "float32"), np.zeros((2, 1), "float32")
            i += 1

    iterator = EpochIterator(endless(), steps_per_epoch=3)
    first = [int(batch[0][0, 0]) for _, batch in iterator]
    second = [int(batch[0][0, 0]) for _, batch in iterator]
    assert (first, second) == ([0, 1, 2], [3, 4, 5])
    assert iterator.num_batches == 3
    model = _model()
    history = model.fit(endless(), steps_per_epoch=4, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_generator_with_sample_weight_and_x_only_batches():
    def weighted():
        for x, y in _batches(2):
            yield x, y, np.array([1.0, 0.0], "float32")

    model = _model()
    zero_weight = model.evaluate(weighted(), verbose=0)
    assert np.isfinite(zero_weight)
    predictions = model.predict((x,) for x, _ in _batches(3))
    assert predictions.shape == (6, 1)


@pytest.mark.parametrize("bad", [
    [np.ones((2, 4)), np.ones((2, 1))],  # a list, not a tuple
    np.ones((2, 4)),  # a bare array
    (np.ones((2, 4)), np.ones((2, 1)), np.ones(2), np.ones(2)),  # four parts
])
def test_generator_with_wrong_structure_is_a_value_error(bad):
    model = _model()
    with pytest.raises(ValueError, match="must be a tuple.*Received"):
        model.fit(iter([bad]), verbose=0, shuffle=False)


def test_batch_with_mismatched_x_and_y_lengths_is_a_value_error():
    model = _model()
    with pytest.raises(ValueError, match="different numbers of samples.*Received: x sizes: \\[3\\], y sizes: \\[2\\]"):
        model.fit(iter([(np.ones((3, 4), "float32"), np.ones((2, 1), "float32"))]), verbose=0, shuffle=False)


def test_generator_rejects_separate_targets_and_class_weight():
    with pytest.raises(ValueError, match="`y` should not be passed"):
        get_data_adapter(_gen(1), y=np.ones(2))
    with pytest.raises(ValueError, match="class_weight.*not supported"):
        get_data_adapter(_gen(1), class_weight={0: 1.0})


def test_generator_warns_that_shuffle_is_ignored():
    with pytest.warns(UserWarning, match="shuffle=True"):
        get_data_adapter(_gen(1), shuffle=True)


def test_validation_data_as_generator_and_pydataset():
    model = _model()
    history = model.fit(*_arrays(4), epochs=1, verbose=0, validation_data=_gen(2))
    assert "val_loss" in history.history
    history = model.fit(*_arrays(4), epochs=2, verbose=0, validation_data=_Batches(_batches(2)))
    assert len(history.history["val_loss"]) == 2


def _arrays(count):
    batches = _batches(count)
    return np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches])


def test_pydataset_trains_like_arrays_and_calls_on_epoch_end():
    expected = _fit_arrays_loss(_batches(4), epochs=2)
    dataset = _Batches(_batches(4))
    history = _model().fit(dataset, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], expected, rtol=1e-6)
    assert dataset.ends == 2
    assert EpochIterator(dataset).num_batches == 4


def test_pydataset_shuffle_uses_python_random_over_batch_order():
    import random

    dataset = _Batches(_batches(6))
    random.seed(3)
    order = [int(round(batch[0][0, 0].item() * 10)) for _, batch in EpochIterator(dataset, shuffle=True)]
    random.seed(3)
    expected = list(range(6))
    random.shuffle(expected)
    assert order == expected


@pytest.mark.parametrize("kwargs", [dict(workers=3), dict(workers=2, use_multiprocessing=True, max_queue_size=2)])
def test_pydataset_workers_deliver_batches_in_order(kwargs):
    dataset = _Batches(_batches(7), **kwargs)
    values = [batch[0][0, 0].item() for _, batch in EpochIterator(dataset)]
    np.testing.assert_allclose(values, np.arange(7) / 10, rtol=1e-6)


def test_pydataset_class_weight_becomes_sample_weight():
    dataset = _Batches([(np.ones((3, 4), "float32"), np.array([0, 1, 2]))])
    (_, batch), = list(EpochIterator(dataset, class_weight={1: 5.0}))
    torch.testing.assert_close(batch[2], torch.tensor([1.0, 5.0, 1.0]))


def test_endless_pydataset_with_steps_per_epoch():
    class Endless(keras.utils.PyDataset):
        @property
        def num_batches(self):
            return None

        def __getitem__(self, index):
            return np.full((2, 4), index, "float32"), np.zeros((2, 1), "float32")

    iterator = EpochIterator(Endless(), steps_per_epoch=2)
    assert [int(b[0][0, 0]) for _, b in iterator] == [0, 1]
    assert [int(b[0][0, 0]) for _, b in iterator] == [2, 3]


def test_sequence_is_the_keras_2_name_and_super_init_is_checked():
    assert keras.utils.Sequence is keras.utils.PyDataset

    class NoSuper(keras.utils.Sequence):
        def __init__(self):
            pass

        def __len__(self):
            return 1

        def __getitem__(self, index):
            return np.ones((1, 4), "float32"), np.ones((1, 1), "float32")

    with pytest.warns(UserWarning, match="super\\(\\).__init__"):
        assert NoSuper().workers == 1


def test_pydataset_wrong_batch_structure_is_a_value_error():
    dataset = _Batches([(np.ones((2, 4)),) * 4])
    with pytest.raises(ValueError, match="PyDataset.__getitem__\\(\\) must return a tuple or a dict"):
        list(EpochIterator(dataset))


def test_torch_dataloader_is_used_as_given():
    x = torch.arange(40, dtype=torch.float32).reshape(10, 4)
    y = torch.ones(10, 1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=4)
    iterator = EpochIterator(loader)
    assert iterator.num_batches == 3
    batches = [batch for _, batch in iterator]
    assert isinstance(batches[0], tuple) and [len(b[0]) for b in batches] == [4, 4, 2]
    expected = _model().fit(x.numpy(), y.numpy(), batch_size=4, shuffle=False, verbose=0).history["loss"]
    history = _model().fit(loader, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], expected, rtol=1e-6)
    with pytest.raises(ValueError, match="class_weight"):
        get_data_adapter(loader, class_weight={0: 1.0})


def test_torch_map_dataset_is_batched_with_batch_size():
    x = torch.arange(40, dtype=torch.float32).reshape(10, 4)
    dataset = torch.utils.data.TensorDataset(x, torch.ones(10, 1))
    iterator = EpochIterator(dataset, batch_size=3, shuffle=False)
    assert iterator.num_batches == math.ceil(10 / 3)
    assert [len(b[0]) for _, b in iterator] == [3, 3, 3, 1]
    assert _model().evaluate(dataset, batch_size=5, verbose=0) > 0


def test_unrecognized_input_is_a_value_error():
    with pytest.raises(ValueError, match="Unrecognized data type.*Received: x of type str"):
        get_data_adapter("not data")


def test_steps_per_epoch_must_be_positive():
    with pytest.raises(ValueError, match="steps_per_epoch=0"):
        EpochIterator(np.ones((2, 4)), steps_per_epoch=0)


def test_progress_bar_shows_unknown_for_a_generator(capsys):
    _model().fit(_gen(2), shuffle=False, verbose=1)
    out = capsys.readouterr().out
    assert "1/Unknown" in out and "2/2" in out


def test_fit_peeking_to_build_metrics_keeps_every_generator_batch():
    def compiled():
        model = _model()
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
        return model

    batches = _batches(5)
    x, y = _arrays(5)
    expected = compiled().fit(x, y, batch_size=2, shuffle=False, verbose=0).history
    history = compiled().fit(_gen(5), shuffle=False, verbose=0).history
    np.testing.assert_allclose(history["loss"], expected["loss"], rtol=1e-6)
    np.testing.assert_allclose(history["mae"], expected["mae"], rtol=1e-6)
    assert len(batches) == 5


def test_steps_per_epoch_over_arrays_ends_an_epoch_at_the_end_of_the_data():
    """Keras's rule: the data continue across epochs, but no epoch wraps around their end; the short epoch warns,
    the next starts over, and an epoch that used the data up exactly starts the next one over silently."""
    x = np.arange(10, dtype="float32")[:, None]  # 5 batches of 2
    iterator = EpochIterator(x, batch_size=2, steps_per_epoch=3)
    first = [int(batch[0][0, 0]) for _, batch in iterator]
    with pytest.warns(UserWarning, match="ran out of data"):
        second = [int(batch[0][0, 0]) for _, batch in iterator]
    third = [int(batch[0][0, 0]) for _, batch in iterator]
    assert (first, second, third) == ([0, 2, 4], [6, 8], [0, 2, 4])
    exact = EpochIterator(x, batch_size=2, steps_per_epoch=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        epochs = [[int(batch[0][0, 0]) for _, batch in exact] for _ in range(2)]
    assert epochs == [[0, 2, 4, 6, 8]] * 2


def test_reset_starts_the_next_pass_at_the_first_batch():
    iterator = EpochIterator(np.arange(10, dtype="float32")[:, None], batch_size=2, steps_per_epoch=2)
    assert [int(batch[0][0, 0]) for _, batch in iterator] == [0, 2]
    iterator.reset()
    assert [int(batch[0][0, 0]) for _, batch in iterator] == [0, 2]


@pytest.mark.parametrize("steps, batch_size, expected", [(1, None, 10), (3, None, 4), (3, 2, 2), (None, None, 32)])
def test_batch_size_defaults_to_covering_the_data_in_steps(steps, batch_size, expected):
    adapter = get_data_adapter(np.zeros((10, 1), "float32"), batch_size=batch_size, steps_per_epoch=steps)
    assert adapter.batch_size == expected


def test_class_weight_rounds_soft_labels_and_weighs_unlisted_classes_1():
    y = np.array([[0.1], [0.9], [0.6], [2.0]], "float32")
    (_, (_, _, weights)), = list(EpochIterator(np.zeros((4, 1), "float32"), y, class_weight={0: 0.5, 1: 3.0}))
    np.testing.assert_allclose(weights.numpy(), [0.5, 3.0, 3.0, 1.0])
    with pytest.raises(ValueError, match="class_weight.*sample_weight.*at the same time"):
        get_data_adapter(np.zeros((4, 1)), y, sample_weight=np.ones(4), class_weight={0: 2.0})
