"""`ModelCheckpoint`: saves the model or its weights during training."""

import os
import tempfile
import warnings

from kerastorch.callbacks._monitor_callback import MonitorCallback, _logged_float
from kerastorch.distribution import _runtime


class ModelCheckpoint(MonitorCallback):
    """Saves the model (`model.save`) or its weights (`model.save_weights`) every epoch or every N batches.

    `filepath` may hold format fields filled from `epoch` (from 1), `batch` (from 1, batch-level saving)
    and the logs, e.g. `"ckpt-{epoch:02d}-{val_loss:.2f}.keras"`. Its folder is created when missing; a path
    that cannot be written is reported when training starts, not after the first epoch's work is done.

    Args:
        filepath: Where to save: ending in `.keras` (or `.h5`), or in `.weights.h5` with
            `save_weights_only=True`.
        monitor: The logged quantity `save_best_only` compares. Defaults to `"val_loss"`.
        verbose: 1 prints a message at each save. Defaults to `0`.
        save_best_only: Save only when `monitor` improves on the best value so far. Defaults to `False`.
        save_weights_only: Save weights only (`.weights.h5`). Defaults to `False`.
        mode: `"auto"`, `"min"` or `"max"`, the direction of improvement for `save_best_only`.
        save_freq: `"epoch"`, or an integer number of batches between saves. Defaults to `"epoch"`.
        initial_value_threshold: The best value to beat before the first save (`save_best_only`).

    Example:

    >>> checkpoint = keras.callbacks.ModelCheckpoint("ckpt/best.keras", monitor="val_accuracy",
    ...                                              mode="max", save_best_only=True)
    >>> model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[checkpoint])
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if self.save_freq != "epoch" and not isinstance(self.save_freq, int):
            raise ValueError(f"Unrecognized save_freq: {self.save_freq}. Expected save_freq are 'epoch' or "
                             f"integer values. Received: save_freq={self.save_freq!r}")
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
                    f"`.weights.h5` (Keras weights format). Received: filepath={self.filepath}"
                )
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                f"The filepath provided must end in `.keras` (Keras model format). Received: filepath={self.filepath}"
            )

    def on_train_begin(self, logs=None):
        if _runtime.is_chief():  # under keras.distribution, only rank 0 writes
            self._check_writable()

    def _check_writable(self):
        """Creates the checkpoint folder and proves it writable now, so a bad path fails before training."""
        if os.path.isdir(self.filepath):
            raise ValueError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing "
                f"directory. Received: filepath={self.filepath}"
            )
        # Folders named by format fields (`run-{epoch}/...`) do not exist yet: check the part before them.
        folder = os.path.dirname(self.filepath)
        if "{" in folder:
            folder = os.path.dirname(folder[: folder.index("{")] + "x")
        folder = folder or "."
        try:
            os.makedirs(folder, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            raise ValueError(
                f"ModelCheckpoint cannot write to the folder of its filepath ({error.strerror or error}). Pass a "
                f"filepath in a writable folder. Received: filepath={self.filepath}"
            ) from error

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            if self.monitor_op is None:
                # Keras sets the comparison only at the first epoch end, so `save_best_only` with an integer
                # `save_freq` crashes at a save due earlier ("'NoneType' object is not callable"): set it here.
                self._set_monitor_op()
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            add_batches = batch + 1  # a new epoch: batches count from 0
        else:
            add_batches = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += add_batches
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _should_save_model(self, epoch, batch, logs, filepath):
        """Whether `save_best_only` saves now (updating `best`); printed and warned on rank 0 only."""
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=2)
            return True
        if hasattr(current, "shape") and len(current.shape) > 0:
            warnings.warn(f"Can save best model only when `monitor` is a scalar value. Received: {current}. "
                          "Falling back to `save_best_only=False`.")
            return True
        current = _logged_float(current)
        best_str = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best_str} to {current:.5f}, "
                      f"saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best_str}")
        return False

    def _save_model(self, epoch, batch, logs):
        # Batch logs hold device tensors; read them only now that a save is due.
        logs = {key: _logged_float(value) for key, value in (logs or {}).items()}
        filepath = self._get_file_path(epoch, batch, logs)
        if self.save_best_only:
            # Under keras.distribution every process must take the same decision: a save of sharded weights
            # gathers them from all of them. Rank 0 decides (batch logs are this process's own) and tells.
            decision = (self._should_save_model(epoch, batch, logs, filepath), self.best) if _runtime.is_chief() \
                else None
            save, self.best = _runtime.chief_value(decision)
            if not save:
                return
        elif self.verbose > 0 and _runtime.is_chief():
            print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
        if not _runtime.is_chief():  # under keras.distribution, only rank 0 writes (after a gather if sharded)
            _runtime.join_chief_save(self.model)
            return
        dirname = os.path.dirname(filepath)
        if dirname and not os.path.exists(dirname):
            os.makedirs(dirname)
        if os.path.isdir(filepath):
            raise ValueError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing "
                f"directory. Received: filepath={filepath}"
            )
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _get_file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as error:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}')
