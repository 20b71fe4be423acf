"""`F1Score`: the harmonic mean of precision and recall (FBetaScore with beta = 1)."""

from kerastorch.metrics.f_beta_score import FBetaScore


class F1Score(FBetaScore):
    """Computes F-1 Score: `2 * precision * recall / (precision + recall)`.

    The balanced F-score, for multi-class and multi-label data of shape `(batch_size, num_classes)`.

    Args:
        average: Type of averaging across per-class results: `None` (the default; one score per class),
            `"micro"`, `"macro"` or `"weighted"` (see `FBetaScore`).
        threshold: Elements of `y_pred` greater than `threshold` are converted to be 1, and the rest 0. If
            `None` (the default), the arg-max of each row becomes 1 and the rest 0.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> metric = keras.metrics.F1Score(threshold=0.5)
    >>> metric.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                     [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
