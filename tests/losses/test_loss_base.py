"""keras.losses.Loss: reductions, sample weights, masks, dtypes and configs, on hand-computed numbers."""

import numpy as np
import pytest
import torch

from kerastorch import losses
from kerastorch.backend import config
from kerastorch.losses.loss import reduce_weighted_values
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank


class AbsError(losses.Loss):
    """Per-element absolute error, no reduction inside `call`: every element is one 'sample'."""

    def call(self, y_true, y_pred):
        return torch.abs(y_pred - y_true)


# Per-sample losses 1, 2, 3, 4 (sum 10) from these inputs.
Y_TRUE = torch.zeros(4)
Y_PRED = torch.tensor([1.0, -2.0, 3.0, -4.0])


@pytest.mark.parametrize(
    "reduction,expected",
    [
        ("sum_over_batch_size", 2.5),
        ("mean", 2.5),
        ("sum", 10.0),
        ("mean_with_sample_weight", 2.5),  # no weights: divides by the count
    ],
)
def test_reductions(reduction, expected):
    value = AbsError(reduction=reduction)(Y_TRUE, Y_PRED)
    assert value.shape == () and value.dtype == torch.float32
    assert value.item() == pytest.approx(expected)


@pytest.mark.parametrize("reduction", [None, "none"])
def test_no_reduction_returns_per_sample_losses(reduction):
    value = AbsError(reduction=reduction)(Y_TRUE, Y_PRED)
    torch.testing.assert_close(value, torch.tensor([1.0, 2.0, 3.0, 4.0]))


@pytest.mark.parametrize(
    "reduction,expected",
    [
        # weights 0, 1, 2, 0.5: weighted losses 0, 2, 6, 2 (sum 10, weight total 3.5)
        ("sum_over_batch_size", 10 / 4),
        ("mean", 10 / 4),
        ("sum", 10.0),
        ("mean_with_sample_weight", 10 / 3.5),
    ],
)
def test_sample_weight(reduction, expected):
    weights = np.array([0.0, 1.0, 2.0, 0.5])
    value = AbsError(reduction=reduction)(Y_TRUE, Y_PRED, sample_weight=weights)
    assert value.item() == pytest.approx(expected)


def test_sample_weight_none_reduction_weights_each_sample():
    value = AbsError(reduction="none")(Y_TRUE, Y_PRED, sample_weight=[0.0, 1.0, 2.0, 0.5])
    torch.testing.assert_close(value, torch.tensor([0.0, 2.0, 6.0, 2.0]))


def test_scalar_sample_weight_scales_the_loss():
    assert AbsError()(Y_TRUE, Y_PRED, sample_weight=2.0).item() == pytest.approx(5.0)


def test_sample_weight_column_is_squeezed_to_the_losses_rank():
    # (4, 1) weights against (4,) losses: squeezed, not broadcast into a (4, 4) matrix.
    value = AbsError(reduction="sum")(Y_TRUE, Y_PRED, sample_weight=torch.tensor([[1.0], [0.0], [0.0], [1.0]]))
    assert value.item() == pytest.approx(5.0)


def test_unbroadcastable_sample_weight_is_a_value_error():
    with pytest.raises(ValueError, match=r"sample_weight.shape=\(3,\), losses.shape=\(4,\)"):
        AbsError()(Y_TRUE, Y_PRED, sample_weight=[1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    "reduction,expected",
    [
        ("sum_over_batch_size", (1 + 3) / 2),  # the mean over valid entries only
        ("mean", (1 + 3) / 2),
        ("sum", 4.0),
        ("mean_with_sample_weight", 4.0 / 2),  # the mask is the weight: divides by its sum
    ],
)
def test_mask_on_y_pred(reduction, expected):
    y_pred = Y_PRED.clone()
    y_pred._keras_mask = torch.tensor([True, False, True, False])
    assert AbsError(reduction=reduction)(Y_TRUE, y_pred).item() == pytest.approx(expected)


def test_mask_and_sample_weight_combine():
    y_pred = Y_PRED.clone()
    y_pred._keras_mask = torch.tensor([True, True, True, False])
    # mask weight total/valid = 4/3 on valid entries; weighted losses 1*1, 2*0, 3*2 -> 7 * 4/3, / 4
    value = AbsError()(Y_TRUE, y_pred, sample_weight=[1.0, 0.0, 2.0, 5.0])
    assert value.item() == pytest.approx(7 * (4 / 3) / 4)


def test_fully_masked_batch_gives_zero_not_nan():
    y_pred = Y_PRED.clone().requires_grad_()
    masked = y_pred * 1.0
    masked._keras_mask = torch.zeros(4, dtype=torch.bool)
    value = AbsError()(Y_TRUE, masked)
    value.backward()
    assert value.item() == 0.0
    assert torch.equal(y_pred.grad, torch.zeros(4))


def test_mask_set_by_call_is_used():
    class HalfMasked(losses.Loss):
        def call(self, y_true, y_pred):
            out = torch.abs(y_pred - y_true)
            out._keras_mask = torch.tensor([True, True, False, False])
            return out

    assert HalfMasked()(Y_TRUE, Y_PRED).item() == pytest.approx(1.5)


def test_gradient_flows_to_y_pred():
    y_pred = Y_PRED.clone().requires_grad_()
    losses.MeanSquaredError()(torch.zeros(4, 1), y_pred.reshape(4, 1)).backward()
    torch.testing.assert_close(y_pred.grad, 2 * Y_PRED / 4)


def test_numpy_and_list_inputs_become_loss_dtype_tensors():
    value = losses.MeanSquaredError()(np.array([[1, 2]]), [[0.0, 0.0]])
    assert isinstance(value, torch.Tensor) and value.dtype == torch.float32
    assert value.item() == pytest.approx(2.5)


def test_float64_inputs_are_cast_to_the_loss_dtype():
    value = losses.MeanSquaredError()(torch.zeros(2, 2, dtype=torch.float64), torch.ones(2, 2, dtype=torch.float64))
    assert value.dtype == torch.float32


def test_dtype_argument_and_floatx():
    assert losses.MeanSquaredError().dtype == "float32"
    loss = losses.MeanSquaredError(dtype="float64")
    assert loss.dtype == "float64"
    assert loss(torch.zeros(2, 2), torch.ones(2, 2)).dtype == torch.float64
    previous = config.floatx()
    config.set_floatx("float64")
    try:
        assert losses.MeanAbsoluteError().dtype == "float64"
    finally:
        config.set_floatx(previous)


def test_mixed_precision_policy_uses_its_compute_dtype():
    from kerastorch.dtype_policies import DTypePolicy

    assert losses.MeanSquaredError(dtype=DTypePolicy("mixed_bfloat16")).dtype == "bfloat16"


def test_invalid_reduction():
    with pytest.raises(ValueError, match="Received: reduction='average'"):
        losses.MeanSquaredError(reduction="average")


def test_base_call_is_abstract():
    with pytest.raises(NotImplementedError):
        losses.Loss()(Y_TRUE, Y_PRED)


def test_auto_names_and_config_round_trip():
    first, second = AbsError(), AbsError()
    assert first.name.startswith("abs_error") and second.name.startswith("abs_error_") and first.name != second.name
    loss = AbsError(name="mine", reduction="sum")
    assert loss.get_config() == {"name": "mine", "reduction": "sum"}
    rebuilt = AbsError.from_config(loss.get_config())
    assert rebuilt.name == "mine" and rebuilt.reduction == "sum"


def test_nested_structures_are_converted():
    class DictLoss(losses.Loss):
        def call(self, y_true, y_pred):
            return torch.abs(y_pred["a"] - y_true["a"]) + torch.abs(y_pred["b"] - y_true["b"])

    value = DictLoss()({"a": [0.0, 0.0], "b": np.ones(2)}, {"a": np.array([1.0, 2.0]), "b": [1.0, 3.0]})
    assert value.dtype == torch.float32 and value.item() == pytest.approx(2.5)


def test_squeeze_or_expand_to_same_rank():
    a, b = squeeze_or_expand_to_same_rank(torch.zeros(4), torch.zeros(4, 1))
    assert a.shape == (4, 1) and b.shape == (4, 1)
    a, b = squeeze_or_expand_to_same_rank(torch.zeros(4, 3, 1), torch.zeros(4, 3))
    assert a.shape == (4, 3) and b.shape == (4, 3)
    a, b = squeeze_or_expand_to_same_rank(torch.zeros(4, 3), torch.zeros(4))
    assert a.shape == (4, 3) and b.shape == (4,)


def test_reduce_weighted_values_scalar_and_empty_pass_through():
    assert reduce_weighted_values(torch.tensor(3.0)).item() == 3.0
    assert reduce_weighted_values(torch.zeros(0)).shape == (0,)
