"""`update_state()` never makes the host wait on the device, for every metric class.

A CUDA sync cannot be observed on a CPU machine, so the test removes the ways one happens instead: while a
metric updates, every torch.Tensor method that copies a value to the host (`item`, `tolist`, `cpu`, `numpy`,
`__bool__`, `__float__`, `__int__`, `__index__`, `__array__`) raises. Inputs are tensors, as the trainer
passes them. `result()` is checked the same way: it returns a tensor, leaving the one host read to the logger.
"""

import contextlib

import pytest
import torch

from kerastorch import metrics

_HOST_READS = ("item", "tolist", "cpu", "numpy", "__bool__", "__float__", "__int__", "__index__", "__array__")


@contextlib.contextmanager
def no_host_reads():
    saved = {name: torch.Tensor.__dict__.get(name) for name in _HOST_READS}

    def forbid(name):
        def raiser(self, *args, **kwargs):
            raise AssertionError(f"host-device sync: Tensor.{name}() called")

        return raiser

    for name in _HOST_READS:
        setattr(torch.Tensor, name, forbid(name))
    try:
        yield
    finally:
        for name, original in saved.items():
            if original is None:
                delattr(torch.Tensor, name)
            else:
                setattr(torch.Tensor, name, original)


def _data(kind):
    g = torch.Generator().manual_seed(0)
    if kind == "values":
        return (torch.randn(6, 3, generator=g),)
    if kind == "binary":
        return torch.randint(0, 2, (6, 1), generator=g).float(), torch.rand(6, 1, generator=g)
    if kind == "multilabel":
        return torch.randint(0, 2, (6, 3), generator=g).float(), torch.rand(6, 3, generator=g)
    if kind == "categorical":
        return torch.eye(3)[torch.randint(0, 3, (6,), generator=g)], torch.softmax(torch.randn(6, 3, generator=g), -1)
    if kind == "sparse":
        return torch.randint(0, 3, (6,), generator=g), torch.softmax(torch.randn(6, 3, generator=g), -1)
    if kind == "class_ids":
        return torch.randint(0, 3, (6,), generator=g), torch.randint(0, 3, (6,), generator=g)
    if kind == "regression":
        y_true = torch.rand(6, 3, generator=g) + 0.5
        return y_true, y_true + 0.1 * torch.randn(6, 3, generator=g)
    raise ValueError(kind)


# Every public metric class: constructor kwargs and the data it takes.
CASES = {
    "Mean": ({}, "values"),
    "Sum": ({}, "values"),
    "MeanMetricWrapper": ({"fn": lambda y_true, y_pred: (y_true - y_pred).abs()}, "regression"),
    "Accuracy": ({}, "class_ids"),
    "BinaryAccuracy": ({}, "binary"),
    "CategoricalAccuracy": ({}, "categorical"),
    "SparseCategoricalAccuracy": ({}, "sparse"),
    "TopKCategoricalAccuracy": ({"k": 2}, "categorical"),
    "SparseTopKCategoricalAccuracy": ({"k": 2}, "sparse"),
    "AUC": ({}, "binary"),
    "Precision": ({}, "binary"),
    "Recall": ({"top_k": 2}, "multilabel"),
    "PrecisionAtRecall": ({"recall": 0.5}, "binary"),
    "RecallAtPrecision": ({"precision": 0.5}, "binary"),
    "SensitivityAtSpecificity": ({"specificity": 0.5}, "binary"),
    "SpecificityAtSensitivity": ({"sensitivity": 0.5}, "binary"),
    "TruePositives": ({}, "binary"),
    "TrueNegatives": ({}, "binary"),
    "FalsePositives": ({}, "binary"),
    "FalseNegatives": ({"thresholds": [0.0, 0.5, 1.0]}, "binary"),
    "F1Score": ({}, "multilabel"),
    "FBetaScore": ({"average": "weighted", "beta": 2.0}, "multilabel"),
    "IoU": ({"num_classes": 3, "target_class_ids": [0, 1], "ignore_class": 2}, "class_ids"),
    "BinaryIoU": ({}, "binary"),
    "MeanIoU": ({"num_classes": 3}, "class_ids"),
    "OneHotIoU": ({"num_classes": 3, "target_class_ids": [1]}, "categorical"),
    "OneHotMeanIoU": ({"num_classes": 3}, "categorical"),
    "MeanSquaredError": ({}, "regression"),
    "MeanAbsoluteError": ({}, "regression"),
    "RootMeanSquaredError": ({}, "regression"),
    "MeanSquaredLogarithmicError": ({}, "regression"),
    "MeanAbsolutePercentageError": ({}, "regression"),
    "CosineSimilarity": ({}, "regression"),
    "LogCoshError": ({}, "regression"),
    "R2Score": ({"num_regressors": 1}, "regression"),
    "PearsonCorrelation": ({}, "regression"),
    "ConcordanceCorrelation": ({}, "regression"),
    "Hinge": ({}, "multilabel"),
    "SquaredHinge": ({}, "multilabel"),
    "CategoricalHinge": ({}, "categorical"),
    "KLDivergence": ({}, "categorical"),
    "Poisson": ({}, "regression"),
    "BinaryCrossentropy": ({}, "binary"),
    "CategoricalCrossentropy": ({}, "categorical"),
    "SparseCategoricalCrossentropy": ({"ignore_class": 0}, "sparse"),
}


def test_every_metric_class_is_covered():
    public = {name for name in metrics.__all__ if isinstance(getattr(metrics, name), type)}
    assert public - {"Metric"} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_update_state_and_result_do_not_sync(name, weighted):
    kwargs, kind = CASES[name]
    inputs = _data(kind)
    # A throwaway instance runs first: one-time, process-wide setup (cached constants) is not the hot path.
    getattr(metrics, name)(**kwargs).update_state(*inputs)
    metric = getattr(metrics, name)(**kwargs)
    sample_weight = torch.linspace(0.0, 1.0, inputs[0].shape[0]) if weighted else None
    if name in ("IoU", "MeanIoU", "BinaryIoU", "OneHotIoU", "OneHotMeanIoU") and weighted:
        # Integer counts: integer weights keep the dtype warning out of the way.
        sample_weight = torch.tensor([0, 1, 2, 1, 0, 1])
    with no_host_reads():
        for _ in range(2):
            metric.update_state(*inputs, sample_weight=sample_weight)
        value = metric.result()
    assert isinstance(value, torch.Tensor)
    assert torch.isfinite(value).all()


def test_the_guard_catches_a_sync():
    with no_host_reads():
        with pytest.raises(AssertionError, match="host-device sync"):
            torch.ones(2).sum().item()
        with pytest.raises(AssertionError, match="host-device sync"):
            if torch.ones(2).sum():
                pass
        with pytest.raises(AssertionError, match="host-device sync"):
            float(torch.ones(()))
    assert torch.ones(()).item() == 1.0


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("name", sorted(CASES))
def test_update_state_does_not_sync_on_cuda(name):
    """On a GPU, CUDA's own sync detector: any synchronizing call inside `update_state` raises."""
    kwargs, kind = CASES[name]
    inputs = tuple(x.to("cuda") for x in _data(kind))
    sample_weight = torch.tensor([0, 1, 2, 1, 0, 1], device="cuda")
    if not name.endswith("IoU"):
        sample_weight = sample_weight.float()
    getattr(metrics, name)(**kwargs).to("cuda").update_state(*inputs, sample_weight=sample_weight)
    metric = getattr(metrics, name)(**kwargs).to("cuda")
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        for _ in range(2):
            metric.update_state(*inputs, sample_weight=sample_weight)
        value = metric.result()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert value.device.type == "cuda"
    assert torch.isfinite(value).all()
