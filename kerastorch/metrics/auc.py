"""`AUC`: the area under the ROC or precision-recall curve, approximated over fixed thresholds."""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics._utils import divide_no_nan
from kerastorch.metrics.metric import Metric

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATION_METHODS = {"interpolation": "interpolation", "majoring": "majoring", "minoring": "minoring"}


class AUC(Metric):
    """Approximates the AUC (Area under the curve) of the ROC or PR curves.

    Four count vectors (true/false positives/negatives) are accumulated at `num_thresholds` thresholds; the
    curve's points are computed from them and the area is summed with a Riemann sum. The approximation is as
    fine as the thresholds: keep predictions spread over [0, 1] and `num_thresholds` large enough. For the PR
    curve, `"interpolation"` uses the interpolation of Davis & Goadrich (2006), which avoids the optimism of
    linear interpolation between PR points.

    Args:
        num_thresholds: (Optional) The number of thresholds to use when discretizing the curve. Values must be
            > 1. Defaults to `200`.
        curve: (Optional) `"ROC"` (the default), `"PR"` for precision-recall, or `"PRGAIN"` for the
            precision-recall-gain curve.
        summation_method: (Optional) How the Riemann sum is taken: `"interpolation"` (the default; mid-points
            for ROC, the interpolation above for PR), `"minoring"` (left sums, a lower bound for increasing
            intervals) or `"majoring"` (an upper bound).
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        thresholds: (Optional) A list of floats in `[0, 1]` to use instead of evenly spaced ones;
            `num_thresholds` is then `len(thresholds) + 2`, counting the two endpoints added just outside
            [0, 1].
        multi_label: boolean indicating whether multilabel data should be treated as such, with AUC computed
            per label and averaged, or flattened into a single label (the default, `False`).
        num_labels: (Optional) The number of labels, used when `multi_label` is True; without it the state is
            created at the first `update_state()`.
        label_weights: (Optional) List of non-negative weights, one per label: with `multi_label` they weigh
            the per-label AUCs in the average; otherwise they weigh each label's contribution to the counts.
        from_logits: boolean indicating whether the predictions (`y_pred`) are logits rather than
            probabilities (a sigmoid is then applied).

    Example:

    >>> m = keras.metrics.AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())
    0.75
    """

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        self._direction = "up"
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = _confusion_matrix.is_evenly_distributed_thresholds(
                np.array([0.0] + thresholds + [1.0])
            )
        else:
            if num_thresholds <= 1:
                raise ValueError(f"Argument `num_thresholds` must be an integer > 1. Received: num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        # Endpoints just outside [0, 1] so that scores of exactly 0 or 1 still fall on the right side.
        self._thresholds = np.array([0.0 - config.epsilon()] + list(thresholds) + [1.0 + config.epsilon()])
        self.curve = _parse_choice(curve, _CURVES, "curve", '["PR", "ROC", "PRGAIN"]')
        self.summation_method = _parse_choice(
            summation_method, _SUMMATION_METHODS, "summation_method", '["interpolation", "majoring", "minoring"]'
        )
        super().__init__(name=name, dtype=dtype)
        self._thresholds_tensor = _confusion_matrix.thresholds_tensor(self._thresholds, self._device)
        self.multi_label = multi_label
        self.num_labels = num_labels
        if label_weights is not None:
            self.label_weights = torch.as_tensor(np.asarray(label_weights), dtype=_torch_dtype(self.dtype), device=self._device)
        else:
            self.label_weights = None
        self._from_logits = from_logits
        self._built = False
        if self.multi_label:
            if num_labels:
                self._build([None, num_labels])
        else:
            if num_labels:
                raise ValueError(
                    f"`num_labels` is needed only when `multi_label` is True. Received: num_labels={num_labels}"
                )
            self._build(None)

    @property
    def thresholds(self):
        """The thresholds, endpoints included, as a list of floats."""
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    f"`y_pred` must have rank 2 when `multi_label=True`. Found rank {len(shape)}. "
                    f"Received: y_pred.shape={tuple(shape)}"
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        self.true_positives = self.add_variable(shape=variable_shape, initializer="zeros", name="true_positives")
        self.false_positives = self.add_variable(shape=variable_shape, initializer="zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape=variable_shape, initializer="zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape=variable_shape, initializer="zeros", name="false_negatives")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates confusion matrix statistics.

        Args:
            y_true: The ground truth values (non-zero is positive).
            y_pred: The predicted values, in `[0, 1]` (or logits with `from_logits=True`).
            sample_weight: Optional weights, broadcastable to `y_true`. Defaults to `1`.
        """
        if not self._built:
            self._build(tuple(np.shape(y_pred)) if not isinstance(y_pred, torch.Tensor) else tuple(y_pred.shape))
        # With multi_label, label weights average the per-label AUCs in `result()` instead.
        label_weights = None if self.multi_label else self.label_weights
        if self._from_logits:
            y_pred = torch.sigmoid(torch.as_tensor(y_pred) if not isinstance(y_pred, torch.Tensor) else y_pred)
        _confusion_matrix.update_confusion_matrix_variables(
            {
                _confusion_matrix.TRUE_POSITIVES: self.true_positives,
                _confusion_matrix.TRUE_NEGATIVES: self.true_negatives,
                _confusion_matrix.FALSE_POSITIVES: self.false_positives,
                _confusion_matrix.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            (self._thresholds, self._thresholds_tensor),
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=label_weights,
        )

    def interpolate_pr_auc(self):
        """The PR-AUC with the Davis & Goadrich interpolation between thresholds.

        Between two thresholds precision is interpolated as `P = tp / (tp + fp)` with tp and p = tp + fp
        moving linearly, which integrates in closed form; the result is the sum of the per-interval areas.
        """
        tp = self.true_positives.detach()
        fp = self.false_positives.detach()
        fn = self.false_negatives.detach()
        n = self.num_thresholds
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        prec_slope = divide_no_nan(dtp, torch.clamp(dp, min=0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = torch.where(
            torch.logical_and(p[: n - 1] > 0, p[1:] > 0),
            divide_no_nan(p[: n - 1], torch.clamp(p[1:], min=0)),
            torch.ones_like(p[1:]),
        )
        pr_auc_increment = divide_no_nan(
            prec_slope * (dtp + intercept * torch.log(safe_p_ratio)),
            torch.clamp(tp[1:] + fn[1:], min=0),
        )
        return self._aggregate(pr_auc_increment)

    def _aggregate(self, terms):
        if not self.multi_label:
            return terms.sum()
        by_label_auc = terms.sum(dim=0)
        if self.label_weights is None:
            return by_label_auc.mean()
        return divide_no_nan((by_label_auc * self.label_weights).sum(), self.label_weights.sum())

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        tp = self.true_positives.detach()
        fp = self.false_positives.detach()
        tn = self.true_negatives.detach()
        fn = self.false_negatives.detach()
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, divide_no_nan(tp, tp + fp)
        else:
            # PR-gain: rescaled by P / N. Where tp is 0 both gains diverge: recall gain is set to 0 and
            # precision gain to 1; negative recall gains (recall below the base rate) are clipped to 0.
            scaling_factor = divide_no_nan(tp + fn, tn + fp)
            recall_gain = 1.0 - scaling_factor * divide_no_nan(fn, tp)
            precision_gain = 1.0 - scaling_factor * divide_no_nan(fp, tp)
            recall_gain = torch.where(tp == 0, torch.zeros_like(recall_gain), recall_gain)
            precision_gain = torch.where(tp == 0, torch.ones_like(precision_gain), precision_gain)
            x, y = torch.clamp(recall_gain, min=0.0), precision_gain
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = torch.minimum(y[: n - 1], y[1:])
        else:
            heights = torch.maximum(y[: n - 1], y[1:])
        return self._aggregate((x[: n - 1] - x[1:]) * heights)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        label_weights = self.label_weights
        if isinstance(label_weights, torch.Tensor):
            label_weights = label_weights.detach().cpu().numpy()
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            # Without the endpoints, so a metric built from this config gets the same thresholds back.
            config["thresholds"] = self.thresholds[1:-1]
        return {**super().get_config(), **config}


def _torch_dtype(dtype):
    from kerastorch.backend.dtypes import to_torch_dtype

    return to_torch_dtype(dtype)


def _parse_choice(value, choices, argument, expected):
    # Keras accepts the lower-case and canonical spellings of each option.
    value = getattr(value, "value", value)
    if isinstance(value, str):
        for key, canonical in choices.items():
            if value in (key, canonical, canonical.capitalize()):
                return canonical
    raise ValueError(f'Invalid AUC {argument} value: "{value}". Expected values are {expected}. Received: {argument}={value!r}')
