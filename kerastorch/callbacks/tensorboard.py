"""`TensorBoard`: writes TensorBoard event files with `torch.utils.tensorboard` (no TensorFlow needed)."""

import os
import time
import warnings

import torch

from kerastorch.callbacks.callback import Callback
from kerastorch.distribution import _runtime


def _summary_writer_class():
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as error:
        raise ImportError(
            "The TensorBoard callback needs the `tensorboard` package: `pip install tensorboard` (or "
            "`pip install kerastorch[tensorboard]`)."
        ) from error
    return SummaryWriter


class TensorBoard(Callback):
    """Logs metrics, the learning rate, weight histograms and the model graph for TensorBoard.

    Event files go to `log_dir/train` and `log_dir/validation`, under Keras's tags: `epoch_<metric>` (step:
    the epoch) including `epoch_learning_rate`, `batch_<metric>` (step: the global batch, when `update_freq`
    is not `"epoch"`), `evaluation_<metric>_vs_iterations` after each evaluation, and
    `<weight path>/histogram` every `histogram_freq` epochs. Batch scalars are read from the device only on
    the batches that are written.

    Args:
        log_dir: Folder of the event files. Defaults to `"logs"`.
        histogram_freq: Epochs between weight histograms; 0 writes none. Defaults to `0`.
        write_graph: Write the model's graph (traced with `torch.jit.trace` on a zero batch shaped like the
            model's inputs; a model that cannot be traced warns and training goes on). Defaults to `True`.
        write_images: Accepted; weight images are not written (a warning says so).
        write_steps_per_second: Also log training steps per second. Defaults to `False`.
        update_freq: `"epoch"`, `"batch"` (= 1), or an integer: batch scalars are written every that many
            batches. Defaults to `"epoch"`.
        profile_batch: A batch, or a `(start, stop)` pair, to profile with `torch.profiler`; the trace goes to
            `log_dir/train` for TensorBoard's profiler plugin. 0 disables it. Defaults to `0`.
        embeddings_freq, embeddings_metadata: Accepted; the embedding projector is not written.

    Example:

    >>> model.fit(x, y, epochs=2, callbacks=[keras.callbacks.TensorBoard(log_dir="./logs")])
    >>> # then: tensorboard --logdir=./logs
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None):
        super().__init__()
        _summary_writer_class()  # fail at construction, not mid-training, when tensorboard is missing
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        if self.update_freq != "epoch" and (isinstance(self.update_freq, bool)
                                            or not isinstance(self.update_freq, int) or self.update_freq < 1):
            raise ValueError(f"`update_freq` must be 'epoch', 'batch' or a positive integer. "
                             f"Received: update_freq={update_freq!r}")
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        if write_images:
            warnings.warn("TensorBoard: `write_images=True` is not supported by kerastorch; weight images are "
                          "not written.", stacklevel=2)
        if embeddings_freq:
            warnings.warn("TensorBoard: `embeddings_freq` is not supported by kerastorch; embeddings are not "
                          "written.", stacklevel=2)
        self._init_profile_batch(profile_batch)
        self._global_train_batch = 0
        self._global_test_batch = 0
        self._batch_start_time = 0
        self._epoch_start_time = 0
        self._previous_epoch_iterations = 0
        self._writers = {}
        self._profiler = None

    def _init_profile_batch(self, profile_batch):
        message = ("profile_batch must be a non-negative integer or 2-tuple of positive integers. A pair of "
                   "positive integers signifies a range of batches to profile. Received: "
                   f"profile_batch={profile_batch}")
        if isinstance(profile_batch, str):
            try:
                profile_batch = [int(part) for part in profile_batch.split(",")]
            except ValueError:
                raise ValueError(message) from None
            if len(profile_batch) == 1:
                profile_batch = profile_batch[0]
        if isinstance(profile_batch, int) and not isinstance(profile_batch, bool):
            self._start_batch = self._stop_batch = profile_batch
        elif isinstance(profile_batch, (tuple, list)) and len(profile_batch) == 2:
            self._start_batch, self._stop_batch = profile_batch
        else:
            raise ValueError(message)
        if self._start_batch < 0 or self._stop_batch < self._start_batch:
            raise ValueError(message)
        self._should_trace = not (self._start_batch == 0 and self._stop_batch == 0)

    # ------------------------------------------------------------------ writers
    def set_model(self, model):
        super().set_model(model)
        self._log_write_dir = self.log_dir
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._close_writers()
        self._should_write_graph = bool(self.write_graph)

    def _writer(self, kind):
        # Created lazily, so a run that logs nothing to validation makes no validation folder.
        if kind not in self._writers:
            path = self._train_dir if kind == "train" else self._val_dir
            # Under keras.distribution only rank 0 writes; the others log into a writer that drops it all.
            writer_class = _summary_writer_class() if _runtime.is_chief() else _NullWriter
            self._writers[kind] = writer_class(log_dir=path)
        return self._writers[kind]

    @property
    def _train_writer(self):
        return self._writer("train")

    @property
    def _val_writer(self):
        return self._writer("val")

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # ------------------------------------------------------------------ hooks
    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0
        if self._should_write_graph and _runtime.is_chief():
            self._write_graph()
            self._should_write_graph = False

    def on_train_end(self, logs=None):
        if self._profiler is not None:
            self._stop_trace()
        self._close_writers()

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "iterations"):
            step = int(optimizer.iterations)
            writer = self._val_writer
            for name, value in (logs or {}).items():
                writer.add_scalar(f"evaluation_{name}_vs_iterations", float(value), global_step=step)
            writer.flush()

    def on_test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()
        if self._should_trace and self._global_train_batch == self._start_batch and _runtime.is_chief():
            self._start_trace()

    def on_train_batch_end(self, batch, logs=None):
        step = self._global_train_batch
        if self.update_freq != "epoch" and step % self.update_freq == 0:
            writer = self._train_writer
            if self.write_steps_per_second:
                writer.add_scalar("batch_steps_per_second", 1.0 / max(time.time() - self._batch_start_time, 1e-9),
                                  global_step=step)
            if isinstance(logs, dict) or hasattr(logs, "items"):
                for name, value in logs.items():
                    writer.add_scalar(f"batch_{name}", float(value), global_step=step)
        if self._profiler is not None:
            self._profiler.step()
            if step >= self._stop_batch:
                self._stop_trace()

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = int(self.model.optimizer.iterations)
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    # ------------------------------------------------------------------ what is written
    def _collect_learning_rate(self, logs):
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if hasattr(optimizer, "optimizers"):
            for opt in optimizer.optimizers:
                logs[f"learning_rate_{opt.name}"] = float(opt.learning_rate)
        elif optimizer is not None and hasattr(optimizer, "learning_rate"):
            logs["learning_rate"] = float(optimizer.learning_rate)
        return logs

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        train_logs = self._collect_learning_rate(train_logs)
        if self.write_steps_per_second:
            iterations = int(self.model.optimizer.iterations) - self._previous_epoch_iterations
            train_logs["steps_per_second"] = iterations / max(time.time() - self._epoch_start_time, 1e-9)
        for kind, values in (("train", train_logs), ("val", val_logs)):
            if values:
                writer = self._writer(kind)
                for name, value in values.items():
                    writer.add_scalar(f"epoch_{name}", float(value), global_step=epoch)
                writer.flush()

    def _log_weights(self, epoch):
        writer = self._train_writer
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.path.replace(":", "_")
                writer.add_histogram(f"{name}/histogram", weight.detach().float().cpu().numpy(), global_step=epoch)
        writer.flush()

    def _example_inputs(self):
        """A zero batch of one sample shaped like the model's inputs, or None when they are unknown."""
        inputs = getattr(self.model, "inputs", None)
        if not inputs:
            return None
        from kerastorch.backend.dtypes import to_torch_dtype

        device = next((w.device for w in self.model.weights), torch.device("cpu"))
        examples = []
        for tensor in inputs:
            shape = [1] + [1 if d is None else d for d in tuple(tensor.shape)[1:]]
            examples.append(torch.zeros(shape, dtype=to_torch_dtype(tensor.dtype), device=device))
        return examples[0] if len(examples) == 1 else examples

    def _write_graph(self):
        example = self._example_inputs()
        if example is None:
            warnings.warn("TensorBoard: the model's graph was not written: its input shapes are unknown (a "
                          "subclassed model). Training goes on.", stacklevel=2)
            return
        was_training = self.model.training
        if was_training:  # (a model left in its default mode stays so: `eval()` would mark the mode as chosen)
            self.model.eval()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the tracer's own warnings about Python control flow
                self._train_writer.add_graph(self.model, example)
        except Exception as error:  # any tracing failure must not stop training
            warnings.warn(f"TensorBoard: the model's graph was not written, as the model could not be traced "
                          f"with torch.jit.trace ({type(error).__name__}: {error}). Training goes on.",
                          stacklevel=2)
        finally:
            if was_training:
                self.model.train()
        self._train_writer.flush()

    # ------------------------------------------------------------------ profiling
    def _start_trace(self):
        from torch.profiler import ProfilerActivity, profile, tensorboard_trace_handler

        activities = [ProfilerActivity.CPU]
        if torch.cuda.is_available():
            activities.append(ProfilerActivity.CUDA)
        self._profiler = profile(activities=activities, on_trace_ready=tensorboard_trace_handler(self._train_dir))
        self._profiler.__enter__()

    def _stop_trace(self):
        profiler, self._profiler = self._profiler, None
        profiler.__exit__(None, None, None)


class _NullWriter:
    """Stands in for a SummaryWriter on the processes that must not write (all but rank 0)."""

    def __init__(self, log_dir=None):
        self.log_dir = log_dir

    def __getattr__(self, name):
        return lambda *args, **kwargs: None
