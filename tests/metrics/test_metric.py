"""The `Metric` base: state creation, tracking, reset, `__call__`, device moves, dtype and config."""

import numpy as np
import pytest
import torch

from kerastorch import metrics
from kerastorch.backend.device import get_device
from kerastorch.backend.variable import Variable


class _Counter(metrics.Metric):
    def __init__(self, name="counter", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")
        self.inner = metrics.Sum(name="inner_sum")

    def update_state(self, values):
        with torch.no_grad():
            self.count.add_(torch.as_tensor(values).numel())
        self.inner.update_state(values)

    def result(self):
        return self.count + self.inner.result()


def test_add_variable_makes_a_non_trainable_variable_on_the_default_device():
    metric = metrics.Mean(name="m")
    assert [v.path for v in metric.variables] == ["m/total", "m/count"]
    for variable in metric.variables:
        assert isinstance(variable, Variable)
        assert variable.trainable is False
        assert variable.requires_grad is False
        assert variable.device.type == get_device().type
        assert variable.dtype == torch.float32
        assert variable._aggregation == "sum"


def test_add_variable_initializer_and_dtype():
    metric = metrics.Metric(name="m")
    v = metric.add_variable(shape=(2, 3), initializer="ones", dtype="float64", aggregation="mean", name="v")
    assert v.shape == (2, 3) and v.dtype == torch.float64 and v._aggregation == "mean"
    assert torch.equal(v.cpu(), torch.ones(2, 3, dtype=torch.float64))
    assert metric.variables == [v]


def test_sub_metrics_are_tracked_and_reset():
    metric = _Counter()
    assert [v.path for v in metric.variables] == ["counter/count", "inner_sum/total"]
    assert metric._metrics == [metric.inner]
    value = metric([1.0, 2.0, 3.0])  # __call__: update, then result
    assert float(value) == 3 + 6
    metric.reset_state()
    assert all(float(v) == 0 for v in metric.variables)


def test_to_keeps_the_same_variable_objects():
    metric = _Counter()
    before = [id(v) for v in metric.variables]
    assert metric.to("cpu") is metric
    assert [id(v) for v in metric.variables] == before
    metric.update_state([1.0])
    assert float(metric.result()) == 2.0


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_to_moves_state_and_constants_to_cuda_in_place():
    metric = _Counter()
    before = [id(v) for v in metric.variables]
    metric.to("cuda")
    assert [id(v) for v in metric.variables] == before
    assert all(v.device.type == "cuda" for v in metric.variables)
    metric.update_state(torch.tensor([1.0, 2.0], device="cuda"))
    assert float(metric.result()) == 5.0
    auc = metrics.AUC(label_weights=[1.0, 2.0]).to("cuda")
    assert auc.label_weights.device.type == "cuda"
    # State built lazily after the move (F1Score builds at its first update) lands on the new device.
    f1 = metrics.F1Score().to("cuda")
    f1.update_state(torch.eye(2, device="cuda"), torch.eye(2, device="cuda"))
    assert all(v.device.type == "cuda" for v in f1.variables)
    # Host inputs are brought to the state's device.
    f1.update_state(np.eye(2, dtype="float32"), np.eye(2, dtype="float32"))
    assert torch.allclose(f1.result().cpu(), torch.ones(2), atol=1e-5)


def test_dtype_resolution():
    assert metrics.Mean().dtype == "float32"
    assert metrics.Mean(dtype="float64").dtype == "float64"
    assert metrics.Mean(dtype="mixed_float16").dtype == "float16"
    assert metrics.IoU(num_classes=2, target_class_ids=[0]).dtype == "int32"
    assert metrics.Mean(dtype="float64").total.dtype == torch.float64


def test_default_names_are_unique_snake_case():
    from kerastorch.backend import clear_session

    clear_session(free_memory=False)
    assert [metrics.AUC().name for _ in range(3)] == ["auc", "auc_1", "auc_2"]
    assert metrics.TruePositives().name == "true_positives"


def test_config_round_trip_and_repr():
    metric = metrics.Mean(name="my_mean", dtype="float64")
    assert metric.get_config() == {"name": "my_mean", "dtype": "float64"}
    clone = metrics.Mean.from_config(metric.get_config())
    assert clone.name == "my_mean" and clone.dtype == "float64"
    assert repr(metric) == "<Mean name=my_mean>"


def test_missing_super_init_is_reported():
    class Broken(metrics.Metric):
        def __init__(self):
            pass

    with pytest.raises(RuntimeError, match="super"):
        Broken().add_variable(shape=(), initializer="zeros", name="x")


def test_base_methods_must_be_implemented():
    with pytest.raises(NotImplementedError):
        metrics.Metric().update_state()
    with pytest.raises(NotImplementedError):
        metrics.Metric().result()
