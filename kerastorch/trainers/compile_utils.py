"""What `compile(loss=..., metrics=...)` becomes: one loss and one set of metrics per model output.

Losses and metrics are matched to outputs the way Keras matches them (a single object for every output, a
list in output order, or a dict keyed by output name) and named as Keras names them in logs (`loss`,
`<output>_loss`, `accuracy` or `<output>_accuracy`), so histories have Keras's keys.
"""

import torch

from kerastorch.utils import tree


def _output_names(y_pred, model_output_names):
    if isinstance(y_pred, dict):
        if model_output_names and set(y_pred) == set(model_output_names):
            return list(model_output_names)
        return sorted(y_pred)
    count = len(tree.flatten(y_pred))
    if model_output_names and len(model_output_names) == count:
        return list(model_output_names)
    return [f"output_{i}" if count > 1 else None for i in range(count)]


def _per_output(value, names, argument):
    """`value` spread over the outputs: one entry per output name (None where an output gets nothing)."""
    if isinstance(value, dict):
        unknown = [k for k in value if k not in names]
        if unknown:
            raise ValueError(
                f"Unknown entries in the `{argument}` dict: {unknown}. Expected keys among the model's output "
                f"names {names}. Received: {argument}={value}"
            )
        return [value.get(name) for name in names]
    if isinstance(value, (list, tuple)) and len(names) > 1:
        if len(value) != len(names):
            raise ValueError(
                f"When passing a list as `{argument}`, it should have one entry per model output. The model has "
                f"{len(names)} outputs, but you passed {argument}={value}"
            )
        return list(value)
    return [value] * len(names)


def _match_targets(y, names, y_pred, what):
    """Flattens targets (or sample weights) in output order; a dict is read by output name."""
    if len(names) == 1:
        if isinstance(y, dict):
            if names[0] in y:
                return [y[names[0]]]
            if len(y) == 1 and names[0] is None:  # an output without a name takes the one entry given
                return list(y.values())
            raise ValueError(
                f"The {what} dict must be keyed by the model's output name. Expected keys {names}. "
                f"Received: keys={sorted(y)}"
            )
        if isinstance(y, (list, tuple)) and len(y) == 1:
            return [y[0]]
        return [y]
    if isinstance(y, dict):
        missing = [n for n in names if n not in y]
        if missing:
            raise ValueError(
                f"The {what} dict lacks entries for the outputs {missing}. Expected keys {names}. "
                f"Received: keys={sorted(y)}"
            )
        return [y[n] for n in names]
    if isinstance(y, (list, tuple)):
        if len(y) != len(names):
            raise ValueError(
                f"The model has {len(names)} outputs {names}, but {len(y)} {what} arrays were given."
            )
        return list(y)
    if y is None:
        return [None] * len(names)
    if what == "sample_weight":
        return [y] * len(names)
    raise ValueError(
        f"The model has {len(names)} outputs {names}; pass the {what} as a list or a dict keyed by output name. "
        f"Received: a single {type(y).__name__}"
    )


def _flatten_pred(y_pred, names):
    if isinstance(y_pred, dict):
        return [y_pred[n] for n in names]
    return tree.flatten(y_pred)


class CompileLoss:
    """The compiled loss: the weighted sum of each output's loss, plus per-output trackers for multi-output
    models."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        self._user_loss = loss
        self._user_loss_weights = loss_weights
        self._model_output_names = output_names
        self.built = False
        self.metrics = []

    def build(self, y_true, y_pred):
        from kerastorch import losses
        from kerastorch import metrics

        names = _output_names(y_pred, self._model_output_names)
        loss_per_output = _per_output(self._user_loss, names, "loss")
        weights = self._user_loss_weights
        if weights is None:
            weights_per_output = [None] * len(names)
        elif len(names) == 1 and isinstance(weights, (int, float)):
            weights_per_output = [weights]
        else:
            weights_per_output = _per_output(weights, names, "loss_weights")
        self._names = names
        self._entries = []
        for index, (identifier, weight) in enumerate(zip(loss_per_output, weights_per_output)):
            if identifier is None:
                continue
            loss_fn = losses.get(identifier)
            if not isinstance(loss_fn, losses.Loss):
                name = identifier if isinstance(identifier, str) else getattr(loss_fn, "__name__", "loss")
                loss_fn = losses.LossFunctionWrapper(loss_fn, name=name)
            self._entries.append((index, loss_fn, None if weight is None else float(weight)))
        if not self._entries:
            raise ValueError(f"No loss was given for any of the model's outputs {names}. Received: loss={self._user_loss}")
        if len(self._entries) > 1:
            self.metrics = [metrics.Mean(name=f"{names[index]}_loss") for index, _, _ in self._entries]
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        predictions = _flatten_pred(y_pred, self._names)
        targets = _match_targets(y_true, self._names, y_pred, "target")
        weights = _match_targets(sample_weight, self._names, y_pred, "sample_weight")
        total = None
        for position, (index, loss_fn, weight) in enumerate(self._entries):
            if targets[index] is None:
                raise ValueError(
                    f"No target data was given for "
                    f"{'the model output' if self._names[index] is None else repr(self._names[index])}, which has a "
                    f"loss. Expected: `y` passed to fit (or targets yielded by the dataset). Received: y=None"
                )
            value = loss_fn(targets[index], predictions[index], weights[index])
            if self.metrics:
                batch = predictions[index].shape[0] if predictions[index].ndim else 1
                self.metrics[position].update_state(value.detach(), sample_weight=batch)
            if weight is not None:
                value = value * weight
            total = value if total is None else total + value
        return total


class _MetricsList:
    def __init__(self, metrics, output_name):
        self.metrics = metrics
        self.output_name = output_name


def _get_metric(identifier, y_true, y_pred):
    from kerastorch import metrics as metrics_module

    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary = y_pred.shape[-1] == 1 if y_pred.ndim else True
        is_sparse = y_true.ndim < y_pred.ndim or (y_true.shape[-1] == 1 and y_pred.shape[-1] > 1)
        if is_binary:
            metric = metrics_module.BinaryAccuracy(name=str(identifier))
        elif is_sparse:
            metric = metrics_module.SparseCategoricalAccuracy(name=str(identifier))
        else:
            metric = metrics_module.CategoricalAccuracy(name=str(identifier))
    else:
        metric = metrics_module.get(identifier)
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric, name=getattr(metric, "__name__", "metric"))
    if isinstance(identifier, str):
        metric.name = identifier
    return metric


class CompileMetrics:
    """The compiled metrics and weighted metrics, built on the first batch (when shapes are known)."""

    def __init__(self, metrics, weighted_metrics, output_names=None, name="compile_metrics"):
        for argument, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if value is not None and not isinstance(value, (list, tuple, dict)):
                raise ValueError(
                    f"Expected `{argument}` argument to be a list, tuple, or dict. Received instead: "
                    f"{argument}={value} of type {type(value)}"
                )
        self.name = name
        self._user_metrics = metrics
        self._user_weighted_metrics = weighted_metrics
        self._model_output_names = output_names
        self.built = False
        self._flat_metrics = []
        self._flat_weighted_metrics = []

    @property
    def metrics(self):
        found = []
        for lists in (self._flat_metrics, self._flat_weighted_metrics):
            for entry in lists:
                if entry:
                    found.extend(entry.metrics)
        return found

    @property
    def variables(self):
        return [v for m in self.metrics for v in m.variables]

    def _build_set(self, user, names, y_true, y_pred):
        if not user:
            return [None] * len(names)
        if len(names) == 1:
            metrics = tree.flatten(user) if not isinstance(user, dict) else tree.flatten(list(user.values()))
            return [_MetricsList([_get_metric(m, y_true[0], y_pred[0]) for m in metrics], None)]
        if isinstance(user, dict) or (isinstance(user, (list, tuple)) and len(user) == len(names)):
            per_output = _per_output(user, names, "metrics")
        else:
            raise ValueError(
                f"The model has {len(names)} outputs {names}: pass metrics as a list with one entry per output "
                f"or as a dict keyed by output name. Received: metrics={user}"
            )
        built = []
        for entry, name, yt, yp in zip(per_output, names, y_true, y_pred):
            if not entry:
                built.append(None)
                continue
            entry = entry if isinstance(entry, (list, tuple)) else [entry]
            built.append(_MetricsList([_get_metric(m, yt, yp) for m in entry], name))
        return built

    def build(self, y_true, y_pred):
        names = _output_names(y_pred, self._model_output_names)
        self._names = names
        targets = _match_targets(y_true, names, y_pred, "target")
        predictions = _flatten_pred(y_pred, names)
        self._flat_metrics = self._build_set(self._user_metrics, names, targets, predictions)
        self._flat_weighted_metrics = self._build_set(self._user_weighted_metrics, names, targets, predictions)
        self.built = True

    def to(self, device):
        for metric in self.metrics:
            metric.to(device)

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        targets = _match_targets(y_true, self._names, y_pred, "target")
        predictions = _flatten_pred(y_pred, self._names)
        for entry, yt, yp in zip(self._flat_metrics, targets, predictions):
            if entry:
                for metric in entry.metrics:
                    metric.update_state(yt, yp)
        if any(self._flat_weighted_metrics):
            weights = _match_targets(sample_weight, self._names, y_pred, "sample_weight")
            for entry, yt, yp, sw in zip(self._flat_weighted_metrics, targets, predictions, weights):
                if entry:
                    for metric in entry.metrics:
                        metric.update_state(yt, yp, sample_weight=sw)

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()

    def named_metrics(self):
        """`[(log name, metric), ...]`: per-output prefixes, `weighted_` for a weighted metric whose name is
        taken, and `_<n>` suffixes for repeats, as Keras names them."""
        named, counters = [], {}
        for weighted, lists in ((False, self._flat_metrics), (True, self._flat_weighted_metrics)):
            for entry in lists:
                if not entry:
                    continue
                for metric in entry.metrics:
                    prefix = f"{entry.output_name}_" if entry.output_name else ""
                    name = prefix + metric.name
                    if name in counters and weighted:
                        name = f"{prefix}weighted_{metric.name}"
                    if name in counters:
                        counters[name] += 1
                        name = f"{name}_{counters[name] - 1}"
                    else:
                        counters[name] = 1
                    named.append((name, metric))
        return named

    def result(self):
        return {name: metric.result() for name, metric in self.named_metrics()}


def batch_size_of(x):
    """The number of samples in a batch structure (the first leaf's leading size)."""
    for leaf in tree.flatten(x):
        if isinstance(leaf, torch.Tensor):
            return leaf.shape[0]
    return None
