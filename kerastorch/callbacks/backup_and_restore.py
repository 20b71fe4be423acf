"""`BackupAndRestore`: lets a `fit` that was interrupted resume from its last backup."""

import json
import os
import random
import shutil

import numpy as np
import torch

from kerastorch.backend import random as backend_random
from kerastorch.callbacks.callback import Callback
from kerastorch.distribution import _runtime


class BackupAndRestore(Callback):
    """Backs up the training state during `fit` and restores it when `fit` starts again.

    The state is the model's weights with the optimizer's (`latest.weights.h5`), the next epoch
    (`training_metadata.json`, as in Keras) and, beyond Keras, the random-number state
    (`random_state.npz`: torch's, NumPy's, Python's and kerastorch's seed generators). With it, a resumed run
    shuffles and drops out exactly as the interrupted one would have, so a run killed after epoch k and
    resumed ends with the same weights as one that was never interrupted (same seed, same data).

    When the backup is restored, the model's `_initial_epoch` is set and `fit` starts from that epoch.

    Args:
        backup_dir: Folder for the backup; use it for nothing else.
        save_freq: `"epoch"` (back up after each epoch) or an integer number of batches. Defaults to
            `"epoch"`.
        double_checkpoint: Keep the previous backup too (`*.bkp`), used when the latest cannot be read.
            Defaults to `False`.
        delete_checkpoint: Delete `backup_dir` when `fit` completes. Defaults to `True`.

    Example:

    >>> backup = keras.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
    >>> model.fit(x, y, epochs=10, callbacks=[backup])  # run it again after a crash: it resumes
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        if not backup_dir:
            raise ValueError(f"Empty `backup_dir` argument passed. Received: backup_dir={backup_dir!r}")
        self.backup_dir = os.fspath(backup_dir)
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._random_state_path = os.path.join(self.backup_dir, "random_state.npz")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        self._prev_random_state_path = f"{self._random_state_path}.bkp"
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(f"Invalid value for argument `save_freq`. Expected either 'epoch' or an integer "
                             f"value. Received: save_freq={save_freq}")

    # ------------------------------------------------------------------ restore
    def on_train_begin(self, logs=None):
        if not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, your model must be built before you call `fit()`. "
                f"Model {self.model.name} is unbuilt. You can build it beforehand by calling it on a batch of "
                "data. Received: model.built=False"
            )
        try:
            self._load_model()
        except (OSError, ValueError):
            # The latest backup is unreadable (a crash while writing it; kerastorch's loader reports a corrupt
            # file as a ValueError, h5py as an OSError): fall back to the previous one.
            if not os.path.exists(self._prev_weights_path):
                raise
            shutil.copy(self._prev_weights_path, self._weights_path)
            for current, previous in ((self._training_metadata_path, self._prev_training_metadata_path),
                                      (self._random_state_path, self._prev_random_state_path)):
                if os.path.exists(previous):
                    shutil.copy(previous, current)
                elif os.path.exists(current):
                    os.remove(current)
            self._load_model()

    def _load_model(self):
        if os.path.exists(self._weights_path):
            optimizer = self.model.optimizer
            if optimizer is not None and not optimizer.built:
                # The file holds the optimizer's variables: they must exist to be loaded.
                optimizer.build(self.model.trainable_variables)
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path) as f:
                self._set_initial_epoch(json.loads(f.read())["epoch"])
        if os.path.exists(self._random_state_path):
            self._restore_random_state(self._random_state_path)

    def _set_initial_epoch(self, epoch):
        setter = getattr(self.model, "_set_untracked", None)
        if setter is not None:
            setter("_initial_epoch", epoch)
        else:
            self.model._initial_epoch = epoch

    # ------------------------------------------------------------------ back up
    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model()

    def _save_model(self):
        if not _runtime.is_chief():  # under keras.distribution, only rank 0 writes (after a gather if sharded)
            _runtime.join_chief_save(self.model)
            return
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for current, previous in ((self._weights_path, self._prev_weights_path),
                                      (self._training_metadata_path, self._prev_training_metadata_path),
                                      (self._random_state_path, self._prev_random_state_path)):
                if os.path.exists(current):
                    shutil.copy(current, previous)
        self.model.save_weights(filepath=self._weights_path, overwrite=True)
        self._save_random_state(self._random_state_path)
        with open(self._training_metadata_path, "w") as f:
            f.write(json.dumps({"epoch": self._current_epoch, "batch": self._last_batch_seen}))

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:
            add_batches = batch + 1  # a new epoch: batches count from 0
        else:
            add_batches = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += add_batches
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and _runtime.is_chief() and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)

    # ------------------------------------------------------------------ random state
    def _seed_generators(self):
        """The model's seed generators (seeded Dropout and friends), in layer order."""
        found = []
        for layer in self.model._flatten_layers():
            for value in vars(layer).values():
                if isinstance(value, backend_random.SeedGenerator):
                    found.append(value)
        return found

    def _save_random_state(self, path):
        numpy_state = np.random.get_state()
        arrays = {
            "torch_cpu": torch.get_rng_state().numpy(),
            "numpy_keys": numpy_state[1],
            "python_and_seeds": np.array(json.dumps({
                "numpy": [numpy_state[0], int(numpy_state[2]), int(numpy_state[3]), float(numpy_state[4])],
                "python": [random.getstate()[0], list(random.getstate()[1]), random.getstate()[2]],
                "global_seed_generator": _seed_state(backend_random._global["generator"]),
                "seed_generators": [list(g.state) for g in self._seed_generators()],
            })),
        }
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            for index, state in enumerate(torch.cuda.get_rng_state_all()):
                arrays[f"torch_cuda_{index}"] = state.numpy()
        # Written beside and then renamed, so a crash never leaves half a file.
        with open(path + ".tmp", "wb") as f:
            np.savez(f, **arrays)
        os.replace(path + ".tmp", path)

    def _restore_random_state(self, path):
        with np.load(path, allow_pickle=False) as data:
            torch.set_rng_state(torch.from_numpy(data["torch_cpu"].copy()))
            cuda_states = sorted(k for k in data.files if k.startswith("torch_cuda_"))
            if cuda_states and torch.cuda.is_available():
                torch.cuda.set_rng_state_all(
                    [torch.from_numpy(data[k].copy()) for k in sorted(cuda_states, key=lambda k: int(k[11:]))]
                )
            saved = json.loads(str(data["python_and_seeds"]))
            name, position, has_gauss, cached = saved["numpy"]
            np.random.set_state((name, data["numpy_keys"], position, has_gauss, cached))
        version, internal, gauss_next = saved["python"]
        random.setstate((version, tuple(internal), gauss_next))
        if saved["global_seed_generator"] is not None:
            backend_random.global_seed_generator().state = list(saved["global_seed_generator"])
        generators = self._seed_generators()
        if len(generators) == len(saved["seed_generators"]):
            for generator, state in zip(generators, saved["seed_generators"]):
                generator.state = list(state)


def _seed_state(generator):
    return None if generator is None else list(generator.state)
