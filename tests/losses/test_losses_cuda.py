"""Losses on CUDA: the same numbers as on the CPU, gradients included, and no host-device synchronization on
the hot path (checked with torch's sync debug mode). Skipped without a GPU."""

import pytest
import torch

from kerastorch import losses

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def _inputs(name):
    g = torch.Generator().manual_seed(0)
    if name in ("SparseCategoricalCrossentropy", "CategoricalGeneralizedCrossEntropy"):
        return torch.randint(0, 5, (8,), generator=g).float(), torch.softmax(torch.randn(8, 5, generator=g), -1)
    if name == "CTC":
        return torch.tensor([[1.0, 2.0, 0.0], [3.0, 3.0, 1.0]]), torch.randn(2, 7, 5, generator=g)
    if name == "Circle":
        return torch.tensor([0.0, 1.0, 0.0, 2.0, 1.0, 3.0]), torch.nn.functional.normalize(torch.randn(6, 4, generator=g), dim=1)
    if name in ("CategoricalCrossentropy", "CategoricalFocalCrossentropy", "CategoricalHinge", "KLDivergence"):
        return torch.eye(5)[torch.randint(0, 5, (8,), generator=g)], torch.rand(8, 5, generator=g) + 0.01
    if name in ("BinaryCrossentropy", "BinaryFocalCrossentropy", "Hinge", "SquaredHinge", "Dice", "Tversky"):
        return torch.randint(0, 2, (8, 5), generator=g).float(), torch.rand(8, 5, generator=g) * 0.98 + 0.01
    return torch.rand(8, 5, generator=g) + 0.1, torch.rand(8, 5, generator=g) + 0.1


CASES = [
    ("MeanSquaredError", {}), ("MeanAbsoluteError", {}), ("MeanAbsolutePercentageError", {}),
    ("MeanSquaredLogarithmicError", {}), ("Huber", {}), ("LogCosh", {}), ("CosineSimilarity", {}),
    ("Poisson", {}), ("KLDivergence", {}), ("Hinge", {}), ("SquaredHinge", {}), ("CategoricalHinge", {}),
    ("BinaryCrossentropy", {}), ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True}), ("CategoricalCrossentropy", {}),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}),
    ("CategoricalFocalCrossentropy", {}), ("CategoricalFocalCrossentropy", {"alpha": [0.1, 0.2, 0.3, 0.2, 0.2]}),
    ("SparseCategoricalCrossentropy", {}), ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 1}),
    ("Dice", {}), ("Tversky", {"axis": 1}), ("Circle", {}), ("CategoricalGeneralizedCrossEntropy", {}), ("CTC", {}),
]
# torch's CTC kernels copy the length tensors to the host; Keras on torch makes the same call.
SYNCING = {"CTC"}


def _place(name, device):
    y_true, y_pred = _inputs(name)
    weights = torch.linspace(0.0, 2.0, y_pred.shape[0])
    return y_true.to(device), y_pred.to(device).requires_grad_(), weights.to(device)


def _run(name, kwargs, y_true, y_pred, weights, check_syncs=False):
    loss = getattr(losses, name)(**kwargs)
    if check_syncs:
        torch.cuda.synchronize()
        torch.cuda.set_sync_debug_mode("error")
    try:
        value = loss(y_true, y_pred, sample_weight=weights)
        value.backward()
    finally:
        if check_syncs:
            torch.cuda.set_sync_debug_mode("default")
    return value.detach(), y_pred.grad


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_cuda_matches_cpu_without_syncs(name, kwargs):
    cpu = _run(name, kwargs, *_place(name, "cpu"))
    _run(name, kwargs, *_place(name, "cuda"))  # warm-up: first-call allocations and lazy initialization
    value, grad = _run(name, kwargs, *_place(name, "cuda"), check_syncs=name not in SYNCING)
    assert value.device.type == grad.device.type == "cuda"
    # Different kernels (and summation orders) on the two devices: float32 rounding apart, no more.
    torch.testing.assert_close(value.cpu(), cpu[0], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(grad.cpu(), cpu[1], rtol=1e-5, atol=1e-6)


def test_cuda_mask_reduction_without_syncs():
    y_true = torch.randn(4, 6, 3, device="cuda")
    y_pred = torch.randn(4, 6, 3, device="cuda")
    y_pred._keras_mask = torch.rand(4, 6, device="cuda") > 0.3
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        value = losses.MeanSquaredError()(y_true, y_pred)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    mask = y_pred._keras_mask
    expected = ((y_true - y_pred) ** 2).mean(-1)[mask].mean()
    torch.testing.assert_close(value, expected)
