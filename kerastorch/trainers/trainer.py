"""`Trainer`: `compile`, `fit`, `evaluate`, `predict` and the step functions, mixed into `Model`.

The training step reads top to bottom in the canonical order: forward (under autocast for mixed
precision), loss, backward, optimizer update under `no_grad`, gradients released. Metrics accumulate on the
device; the host reads them only when the progress bar refreshes and at the end of an epoch, so no step
waits on the device.
"""

import collections.abc
import contextlib
import warnings

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import jit
from kerastorch.callbacks.callback_list import CallbackList
from kerastorch.callbacks.history import History
from kerastorch.layers.call_context import call_context
from kerastorch.trainers import compile_utils
from kerastorch.trainers.data_adapters import data_adapter_utils
from kerastorch.trainers.epoch_iterator import EpochIterator
from kerastorch.utils import tree


def _to_python(value):
    if isinstance(value, torch.Tensor):
        return value.item() if value.numel() == 1 else value.detach().cpu().numpy()
    return value


def _pythonify_logs(logs):
    """Logs as Python numbers with sorted keys (Keras's order). A nested dict (a custom `train_step` returning
    `{"loss": ..., "compile_metrics": metric.result()}`) is spliced in at its key's sorted place, as Keras
    flattens it, so histories get `mae`, never a `compile_metrics` entry holding a dict."""
    result = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, collections.abc.Mapping):
            result.update(_pythonify_logs(value))
        else:
            result[key] = _to_python(value)
    return result


def _flatten_batch_logs(logs):
    """A step's logs with nested dicts spliced in (see `_pythonify_logs`), values left on the device so that
    the batch callbacks cost no host sync. The trainer's own logs are flat and pass through unchanged."""
    if not isinstance(logs, dict) or not any(isinstance(v, collections.abc.Mapping) for v in logs.values()):
        return logs
    flat = {}
    for key, value in sorted(logs.items()):
        if isinstance(value, collections.abc.Mapping):
            flat.update(_flatten_batch_logs(dict(value)))
        else:
            flat[key] = value
    return flat


# The devices on which `jit_compile=True` compiles the train step (see `Trainer._forward_and_loss_function` for the
# measurements behind it); elsewhere the step runs eagerly, which measured faster.
JIT_DEVICES = ("cuda",)


class Trainer:
    """The training API of `Model`."""

    compiled = False

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None,
                run_eagerly=False, steps_per_execution=1, jit_compile="auto", auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: Name or optimizer instance.
            loss: Loss name, function or instance; a list or dict for multi-output models.
            loss_weights: Scalar coefficients (list or dict) for the per-output losses.
            metrics: Metrics to report; a list, or a list / dict per output.
            weighted_metrics: Metrics weighted by `sample_weight` / `class_weight`.
            run_eagerly: Kept for Keras compatibility; kerastorch always runs eagerly unless `jit_compile`.
            steps_per_execution: Kept for Keras compatibility (each step is dispatched without a host sync).
            jit_compile: True compiles the train step (forward, loss, backward and the optimizer's update) with
                `torch.compile` on CUDA; on CPU the eager step measured faster, and runs. "auto" and False run
                eagerly.
            auto_scale_loss: Wrap the optimizer in a LossScaleOptimizer under the mixed_float16 policy.
        """
        from kerastorch import metrics as metrics_module
        from kerastorch import optimizers

        self._set_untracked("optimizer", optimizers.get(optimizer))
        if auto_scale_loss and self.dtype_policy.name == "mixed_float16" and self.optimizer is not None:
            if not isinstance(self.optimizer, optimizers.LossScaleOptimizer):
                self._set_untracked("optimizer", optimizers.LossScaleOptimizer(self.optimizer))
        output_names = getattr(self, "output_names", None)
        self._set_untracked("_compile_loss", None if loss is None else compile_utils.CompileLoss(loss, loss_weights, output_names))
        self._set_untracked(
            "_compile_metrics",
            None if not (metrics or weighted_metrics)
            else compile_utils.CompileMetrics(metrics, weighted_metrics, output_names),
        )
        self._set_untracked("_loss_tracker", metrics_module.Mean(name="loss"))
        self._set_untracked("_compile_config", dict(
            optimizer=optimizer, loss=loss, loss_weights=loss_weights, metrics=metrics,
            weighted_metrics=weighted_metrics, run_eagerly=run_eagerly, steps_per_execution=steps_per_execution,
            jit_compile=jit_compile,
        ))
        self._set_untracked("loss", loss)
        self.run_eagerly = run_eagerly
        self.steps_per_execution = steps_per_execution
        self.jit_compile = jit_compile is True
        self._set_untracked("_compiled_train_step", None)
        self.stop_training = False
        self.compiled = True

    def get_compile_config(self):
        """The `compile` arguments, serialized (empty before `compile`), as saved in `.keras` files."""
        if not self.compiled:
            return {}
        from kerastorch.saving.serialization_lib import serialize_keras_object

        return serialize_keras_object(self._compile_config)

    def _assert_compile_called(self, method_name):
        if not self.compiled:
            raise ValueError(
                f"You must call `compile()` before using the model. (`{method_name}` was called on model "
                f"'{self.name}' before `compile`.)"
            )

    # ------------------------------------------------------------------ metrics
    @property
    def metrics(self):
        """The loss tracker, the compiled metrics, the per-output loss trackers, then sub-layers' metrics."""
        found = []
        if self.compiled:
            found.append(self._loss_tracker)
            if self._compile_metrics is not None:
                found.append(self._compile_metrics)
            if self._compile_loss is not None:
                found.extend(self._compile_loss.metrics)
        found.extend(self.__dict__.get("_metrics", []))
        return found

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self):
        """The metrics' current values (device tensors) by name. Each value is computed when first read, so a
        step that nobody logs costs no result computation."""
        sources = []
        for metric in self.metrics:
            if isinstance(metric, compile_utils.CompileMetrics):
                if metric.built:
                    sources.extend(metric.named_metrics())
            else:
                sources.append((metric.name, metric))
        return MetricLogs(sources)

    def _metrics_to_device(self, device):
        for metric in self.metrics:
            if isinstance(metric, compile_utils.CompileMetrics):
                metric.to(device)
            elif hasattr(metric, "to"):
                metric.to(device)

    # ------------------------------------------------------------------ losses
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss for this batch plus the model's own losses (regularization, `add_loss`)."""
        losses = []
        if self._compile_loss is not None:
            losses.append(self._compile_loss(y, y_pred, sample_weight))
        for extra in self._model_losses():
            losses.append(extra.to(losses[0].dtype) if losses else extra)
        if not losses:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        total = losses[0]
        for extra in losses[1:]:
            total = total + extra
        return total

    def _model_losses(self):
        """`self.losses`, skipped (it walks every layer) when no layer can contribute one this step."""
        if self._has_regularization() or call_context.losses_added or self._losses:
            return self.losses
        return []

    def _has_regularization(self):
        cached = self.__dict__.get("_regularization_cache")
        if cached is None:
            cached = any(
                getattr(layer, "_regularized", None) or getattr(layer, "activity_regularizer", None) is not None
                for layer in self._flatten_layers()
            )
            self._set_untracked("_regularization_cache", cached)
        return cached

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics with this batch and returns all metric values."""
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    # ------------------------------------------------------------------ steps
    def _forward(self, x, training):
        # Under a multi-process distribution `fit` sets `_distributed_forward` (DistributedDataParallel).
        forward = self.__dict__.get("_distributed_forward")
        if forward is None:
            forward = self
        if self._call_signature().accepts_training:
            return forward(x, training=training)
        return forward(x)

    def train_step(self, data):
        """One optimization step on one batch; returns the metrics' values."""
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
        y_pred, loss = self._forward_and_loss_function()(x, y, sample_weight)
        self._loss_tracker.update_state(loss.detach(), sample_weight=compile_utils.batch_size_of(x))
        trainable = self._trainable_for_step()
        if trainable:
            scaled = self.optimizer.scale_loss(loss) if hasattr(self.optimizer, "scale_loss") else loss
            scaled.backward()
            with torch.no_grad():
                self.optimizer.apply([v.grad for v in trainable], trainable)
            for variable in trainable:
                variable.grad = None
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data):
        """Loss and metrics on one batch, without updating weights."""
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
        with torch.no_grad():
            y_pred = self._forward(x, training=False)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=compile_utils.batch_size_of(x))
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        """The model's outputs for one batch."""
        x, _, _ = data_adapter_utils.unpack_x_y_sample_weight(data)
        with torch.no_grad():
            return self._forward(x, training=False)

    def _trainable_for_step(self):
        cached = self.__dict__.get("_trainable_cache")
        if cached is None:
            cached = [v for v in self.trainable_weights if v.requires_grad]
            self._set_untracked("_trainable_cache", cached)
        return cached

    def _invalidate_step_caches(self):
        self._set_untracked("_trainable_cache", None)
        self._set_untracked("_regularization_cache", None)

    def _forward_and_loss(self, x, y, sample_weight):
        y_pred = self._forward(x, training=True)
        return y_pred, self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)

    def _forward_and_loss_function(self):
        """Forward pass and loss: compiled with torch.compile when `jit_compile=True` on a device in `JIT_DEVICES`.

        A compiled step is two graphs: this one (its backward compiled with it by AOTAutograd) and the optimizer's
        update (`Optimizer._enable_compiled_updates`); `backward()` joins them. On CUDA inductor fuses the many
        small elementwise kernels of a step into few launches. On CPU (torch 2.13) the compiled step gains for a
        Dense-only model (MLP 0.87x) and loses more elsewhere (transformer 1.17x, LSTM 1.6x, CNN 2.4x: pooling
        backward and channels-last layout changes in generated C++); picking per model would take a run-time
        timing, so there `jit_compile=True` keeps the eager step, never slower (DEVELOPERS.md has the figures). The first compiled step runs eagerly: it builds what is still unbuilt and fills the caches the
        graph then reads, so it is traced once."""
        if not (self.jit_compile and self._device().type in JIT_DEVICES):
            return self._forward_and_loss
        if self._compiled_train_step is None:
            self._set_untracked("_compiled_train_step", jit.compile_method(self._forward_and_loss))
            if self.optimizer is not None:
                self.optimizer._enable_compiled_updates()
            return self._forward_and_loss
        self._has_regularization()  # the graph reads the cache (reset by each `fit`): fill it outside the graph
        return self._compiled_train_step

    def _train_function(self):
        """The step `fit` calls."""
        return self.train_step

    # ------------------------------------------------------------------ data
    def _epoch_iterator(self, x, y, sample_weight, batch_size, steps, shuffle=False, class_weight=None):
        iterator = EpochIterator(x, y, sample_weight=sample_weight, batch_size=batch_size, steps_per_epoch=steps,
                                 shuffle=shuffle, class_weight=class_weight, device=self._device())
        run = self._distributed_run()
        return iterator if run is None else run.shard(iterator)

    def _distributed_run(self):
        """The multi-process hooks of `keras.distribution` (see `distribution/_runtime.py`), or None."""
        from kerastorch.distribution import _runtime

        return _runtime.run_for(self)

    def _reduce_distributed_metrics(self):
        """Sums metric state across processes before results are read (no-op in one process)."""
        run = self._distributed_run()
        if run is not None:
            run.reduce_metrics()

    def _build_for_data(self, iterator):
        """Builds an unbuilt model (and its compiled metrics) on the first batch, before training starts."""
        if self.built and (self._compile_metrics is None or self._compile_metrics.built):
            self._metrics_to_device(self._device())
            return
        for _, data in iterator:
            x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
            with torch.no_grad():
                y_pred = self._forward(x, training=False)
            if self._compile_metrics is not None and y is not None and not self._compile_metrics.built:
                self._compile_metrics.build(y, y_pred)
            if self._compile_loss is not None and y is not None and not self._compile_loss.built:
                self._compile_loss.build(y, y_pred)
            break
        self._metrics_to_device(self._device())

    def _make_callbacks(self, callbacks, verbose, epochs, steps, add_history):
        if isinstance(callbacks, CallbackList):
            return callbacks
        return CallbackList(callbacks, add_history=add_history, add_progbar=verbose != 0, model=self,
                            verbose=verbose, epochs=epochs, steps=steps)

    # ------------------------------------------------------------------ fit / evaluate / predict
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1):
        """Trains the model for a fixed number of epochs; returns a `History`."""
        self._assert_compile_called("fit")
        cap = backend_config.max_epochs()  # keras.config.set_max_epochs, for debugging runs
        if cap and cap < epochs:
            warnings.warn(f"Limiting epochs to {cap}", stacklevel=2)
            epochs = cap
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = data_adapter_utils.train_validation_split(
                (x, y, sample_weight), validation_split
            )
        if validation_data is not None:
            val_x, val_y, val_sample_weight = data_adapter_utils.unpack_x_y_sample_weight(validation_data)
        iterator = self._epoch_iterator(x, y, sample_weight, batch_size, steps_per_epoch, shuffle, class_weight)
        self._build_for_data(iterator)
        callbacks = self._make_callbacks(callbacks, verbose, epochs, iterator.num_batches, add_history=True)
        self.stop_training = False
        self._invalidate_step_caches()
        train_function = self._train_function()
        self._set_untracked("_initial_epoch", None)
        callbacks.on_train_begin()
        # BackupAndRestore sets `_initial_epoch` in `on_train_begin` when it restored a backup.
        initial_epoch = self._initial_epoch or initial_epoch
        training_logs = None
        validation_iterator = None
        run = self._distributed_run()
        with contextlib.nullcontext() if run is None else run.fitting():
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                self._invalidate_step_caches()
                callbacks.on_epoch_begin(epoch)
                logs = {}
                for step, data in iterator:
                    callbacks.on_train_batch_begin(step)
                    logs = train_function(data)
                    callbacks.on_train_batch_end(step, _flatten_batch_logs(logs))
                    if self.stop_training:
                        break
                self._reduce_distributed_metrics()
                epoch_logs = dict(self._metrics_or_logs(logs))
                if validation_data is not None and _should_validate(epoch, validation_freq):
                    if validation_iterator is None:
                        validation_iterator = self._epoch_iterator(
                            val_x, val_y, val_sample_weight, validation_batch_size or batch_size, validation_steps
                        )
                    # Every validation starts at the first batch, as Keras's `evaluate` resets its iterator:
                    # with `validation_steps` each epoch is scored on the same batches.
                    validation_iterator.reset()
                    val_logs = self._evaluate_loop(validation_iterator, callbacks)
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                # Sorted after the validation entries join (Keras's key order: `loss`, `mae`, `val_loss`, ...).
                epoch_logs = _pythonify_logs(epoch_logs)
                callbacks.on_epoch_end(epoch, epoch_logs)
                training_logs = epoch_logs
                if self.stop_training:
                    break
        if self.optimizer is not None and hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_weights)
        callbacks.on_train_end(logs=training_logs)
        return next(c for c in callbacks.callbacks if isinstance(c, History))

    def _metrics_or_logs(self, logs):
        """The model's metrics when a custom train_step returned the same keys (they are up to date), else
        whatever it returned."""
        results = self.get_metrics_result()
        # The step's lazy MetricLogs are the model's metrics as a batch callback saw them (cached before the
        # metrics were summed across processes, perhaps with entries a callback added): the fresh results are
        # the epoch's, as Keras reads them from the metrics.
        if isinstance(logs, MetricLogs) or (isinstance(logs, collections.abc.Mapping) and set(logs) == set(results)):
            return results
        return logs

    def _evaluate_loop(self, iterator, callbacks):
        self.reset_metrics()
        callbacks.on_test_begin()
        logs = {}
        for step, data in iterator:
            callbacks.on_test_batch_begin(step)
            logs = self.test_step(data)
            callbacks.on_test_batch_end(step, _flatten_batch_logs(logs))
        self._reduce_distributed_metrics()
        logs = _pythonify_logs(self._metrics_or_logs(logs))
        callbacks.on_test_end(logs)
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict=False, **kwargs):
        """The loss and metrics on data: a scalar, `[loss, *metrics]`, or a dict with `return_dict=True`."""
        self._assert_compile_called("evaluate")
        if kwargs:
            raise ValueError(f"Arguments not recognized by evaluate: {sorted(kwargs)}")
        iterator = self._epoch_iterator(x, y, sample_weight, batch_size, steps)
        self._build_for_data(iterator)
        callbacks = self._make_callbacks(callbacks, verbose, 1, iterator.num_batches, add_history=False)
        logs = self._evaluate_loop(iterator, callbacks)
        if return_dict:
            return logs
        return self._flatten_metrics_in_order(logs)

    def _flatten_metrics_in_order(self, logs):
        """Logs as a list in Keras's order: metrics by name in `self.metrics` order (compiled metrics by their
        own, unprefixed names), then every other key sorted."""
        names = []
        for metric in self.metrics:
            if isinstance(metric, compile_utils.CompileMetrics):
                names.extend(sub.name for sub in metric.metrics)
            else:
                names.append(metric.name)
        results = [logs[name] for name in names if name in logs]
        results.extend(logs[key] for key in sorted(logs) if key not in names)
        return results[0] if len(results) == 1 else results

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs on `x`, as NumPy arrays (in the model's output structure)."""
        iterator = self._epoch_iterator(x, None, None, batch_size, steps)
        callbacks = self._make_callbacks(callbacks, verbose, 1, iterator.num_batches, add_history=False)
        callbacks.on_predict_begin()
        outputs = []
        for step, data in iterator:
            callbacks.on_predict_batch_begin(step)
            batch_outputs = self.predict_step(data)
            # Batches stay on the device; they are joined there and copied to the host once, at the end.
            outputs.append(tree.map_structure(_detach, batch_outputs))
            callbacks.on_predict_batch_end(step, {"outputs": batch_outputs})
        callbacks.on_predict_end()
        if not outputs:
            raise ValueError("Unexpected result of `predict`: no batches were produced (is the input empty?).")
        run = self._distributed_run()
        if run is not None:
            outputs = run.gather_outputs([tree.map_structure(_to_cpu, o) for o in outputs], iterator)
        return _concat_structures(outputs)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on one batch; returns the loss and metrics as `evaluate` does."""
        self._assert_compile_called("train_on_batch")
        iterator = self._epoch_iterator(x, y, sample_weight, _len(x), None, class_weight=class_weight)
        self._build_for_data(iterator)
        self.reset_metrics()
        self._invalidate_step_caches()
        logs = {}
        for _, data in iterator:
            logs = self.train_step(data)
        logs = _pythonify_logs(self._metrics_or_logs(logs))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss and metrics on one batch."""
        self._assert_compile_called("test_on_batch")
        iterator = self._epoch_iterator(x, y, sample_weight, _len(x), None)
        self._build_for_data(iterator)
        self.reset_metrics()
        logs = {}
        for _, data in iterator:
            logs = self.test_step(data)
        logs = _pythonify_logs(self._metrics_or_logs(logs))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict_on_batch(self, x):
        """The model's outputs on one batch, as NumPy."""
        return self.predict(x, batch_size=_len(x), verbose=0)


class MetricLogs(collections.abc.MutableMapping):
    """A dict of metric values whose entries call `result()` on first access.

    Callbacks may add or replace entries of a batch's logs, as they can in Keras (the callbacks after them see
    the change); the metrics themselves are not touched, and the epoch's logs are read from the metrics afresh."""

    def __init__(self, sources):
        self._sources = dict(sources)
        self._values = {}

    def __getitem__(self, name):
        if name not in self._values:
            self._values[name] = self._sources[name].result()
        return self._values[name]

    def __setitem__(self, name, value):
        self._sources.setdefault(name, None)
        self._values[name] = value

    def __delitem__(self, name):
        del self._sources[name]
        self._values.pop(name, None)

    def __iter__(self):
        return iter(self._sources)

    def __len__(self):
        return len(self._sources)

    def __repr__(self):
        return repr(dict(self.items()))


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def _detach(value):
    return value.detach() if isinstance(value, torch.Tensor) else value


def _to_cpu(value):
    return value.cpu() if isinstance(value, torch.Tensor) else value


def _concat_structures(outputs):
    """Per-batch output structures joined along the batch axis, as NumPy (one device-to-host copy per leaf)."""
    flat = [tree.flatten(o) for o in outputs]
    merged = []
    for i in range(len(flat[0])):
        parts = [part[i] for part in flat]
        if isinstance(parts[0], torch.Tensor):
            merged.append(torch.cat(parts, dim=0).cpu().numpy())
        else:
            merged.append(np.concatenate([np.asarray(p) for p in parts], axis=0))
    return tree.pack_sequence_as(outputs[0], merged)


def _len(x):
    return int(tree.flatten(x)[0].shape[0])
