"""`CosineSimilarity`: the mean cosine of the angle between label and prediction vectors."""

from kerastorch.metrics._utils import l2_normalize
from kerastorch.metrics._utils import squeeze_or_expand_to_same_rank
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


def _cosine_similarity(y_true, y_pred, axis=-1):
    # Unlike the loss of the same name, positive: 1 for aligned vectors, -1 for opposite ones.
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype, device=y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return (l2_normalize(y_true, axis=axis) * l2_normalize(y_pred, axis=axis)).sum(dim=axis)


class CosineSimilarity(MeanMetricWrapper):
    """Computes the cosine similarity between the labels and predictions.

    Per sample, `sum(l2_normalize(y_true) * l2_normalize(y_pred))` along `axis`: 1 when the vectors point the
    same way, 0 when orthogonal, -1 when opposite. The result is its mean over all samples seen.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        axis: (Optional) Defaults to `-1`. The dimension along which the cosine similarity is computed.

    Example:

    >>> m = keras.metrics.CosineSimilarity(axis=1)
    >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(_cosine_similarity, name, dtype=dtype, axis=axis)
        self._direction = "up"

    def get_config(self):
        # As Keras writes it: `axis` is not part of the config.
        return {"name": self.name, "dtype": self.dtype}
