"""Mean, Sum and MeanMetricWrapper: hand-computed values, weights, masks, accumulation and reset."""

import numpy as np
import pytest
import torch

from kerastorch import metrics


def test_mean_unweighted_and_weighted():
    m = metrics.Mean()
    m.update_state([1, 3, 5, 7])
    assert float(m.result()) == 4.0
    m.reset_state()
    m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert float(m.result()) == 2.0


def test_mean_accumulates_over_batches():
    m = metrics.Mean()
    m.update_state([1.0, 2.0])
    m.update_state([6.0])
    # (1 + 2 + 6) / 3 samples, not the mean of the batch means.
    assert float(m.result()) == pytest.approx(3.0)
    assert float(m.total) == 9.0 and float(m.count) == 3.0


def test_mean_reduces_extra_axes_per_sample():
    m = metrics.Mean()
    m.update_state([[1.0, 3.0], [5.0, 7.0]], sample_weight=[1.0, 3.0])
    # Sample means 2 and 6, weighted: (2 + 18) / 4.
    assert float(m.result()) == pytest.approx(5.0)


def test_mean_scalar_and_empty_state():
    m = metrics.Mean()
    assert float(m.result()) == 0.0  # divide_no_nan before any update
    m.update_state(4.0)
    assert float(m.result()) == 4.0


def test_sum():
    s = metrics.Sum()
    s.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert float(s.result()) == 4.0
    s.update_state(np.array([[1.0, 2.0]]))
    assert float(s.result()) == 7.0
    value = s.result()
    s.update_state([10.0])
    assert float(value) == 7.0  # a result is a snapshot, not a view of the state


def test_mean_metric_wrapper_with_function_and_kwargs():
    def scaled_abs_error(y_true, y_pred, scale=1.0):
        return scale * torch.abs(y_true - y_pred).mean(dim=-1)

    from kerastorch.backend import clear_session

    clear_session(free_memory=False)
    m = metrics.MeanMetricWrapper(fn=scaled_abs_error, scale=2.0)
    assert m.name == "mean_metric_wrapper"
    m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]], sample_weight=[1.0, 0.0])
    assert float(m.result()) == pytest.approx(1.0)  # 2 * 0.5 for the only weighted sample


def test_mean_metric_wrapper_honours_the_keras_mask():
    m = metrics.MeanMetricWrapper(fn=lambda y_true, y_pred: torch.abs(y_true - y_pred))
    y_pred = torch.tensor([1.0, 5.0, 3.0])
    y_pred._keras_mask = torch.tensor([True, False, True])
    m.update_state(torch.tensor([0.0, 0.0, 0.0]), y_pred)
    assert float(m.result()) == pytest.approx(2.0)  # (1 + 3) / 2: the masked 5 is left out


def test_mean_metric_wrapper_config_round_trip():
    m = metrics.MeanMetricWrapper(fn=metrics.binary_accuracy, name="acc", threshold=0.3)
    config = m.get_config()
    assert config == {
        "name": "acc",
        "dtype": "float32",
        "fn": {"module": "builtins", "class_name": "function", "config": "binary_accuracy", "registered_name": "function"},
        "threshold": 0.3,
    }
    clone = metrics.MeanMetricWrapper.from_config(config)
    assert clone._fn is metrics.binary_accuracy and clone._fn_kwargs == {"threshold": 0.3}
    clone.update_state([[1.0], [0.0]], [[0.4], [0.2]])
    assert float(clone.result()) == 1.0
