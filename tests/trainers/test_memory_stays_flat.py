"""Training, evaluating and predicting again keep nothing alive: memory stays flat after the first epoch.

The probe counts the live torch tensors that have a Python object (the garbage collector tracks every one) and the
bytes of their distinct storages. A step that keeps a reference to anything it computed (a loss appended to a list, a
metric result, a batch) adds one of these per step, and a kept loss keeps its whole autograd graph with it. Nothing is
timed here; `benchmarks/memory_flat.py` reports the process's RSS across epochs of a larger model.
"""

import gc

import numpy as np
import torch

import kerastorch as keras

EPOCHS = 4


def _live_tensors():
    """(number of live tensors, bytes of their distinct storages), after a full garbage collection."""
    gc.collect()
    # type(), not isinstance: isinstance reads `__class__`, which some of torch's deprecated objects warn about.
    tensors = [
        obj for obj in gc.get_objects()
        # Shape inference's and torch.compile's stand-ins (meta, fake tensors) own no memory: an earlier test's
        # compiled graphs may still drop or make some of them while this one runs.
        if issubclass(type(obj), torch.Tensor) and type(obj).__name__ != "FakeTensor" and obj.device.type != "meta"
    ]
    storages = {}
    for tensor in tensors:
        storage = tensor.untyped_storage()
        storages[(tensor.device, storage.data_ptr())] = storage.nbytes()
    return len(tensors), sum(storages.values())


# What the last step leaves referenced (its batch, its loss and metric values, in the callbacks' logs) is replaced
# by each step, but whether those objects share a tensor varies: allow that much, far below one tensor per step
# (24 steps run between the two probes).
LAST_STEP_SLACK = (4, 4096)


def _assert_flat(before, after):
    assert after[0] - before[0] <= LAST_STEP_SLACK[0] and after[1] - before[1] <= LAST_STEP_SLACK[1], (before, after)


def _data(n=256, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int64")
    return x, y


class _AfterEachEpoch(keras.callbacks.Callback):
    """Records the metric and optimizer variables at the end of every epoch, and the live tensors at the end of the
    first and the last (a probe walks every object in the process: it is kept to two)."""

    def __init__(self):
        super().__init__()
        self.tensors, self.metric_state, self.optimizer_state = [], [], []

    def on_epoch_end(self, epoch, logs=None):
        if epoch in (0, EPOCHS - 1):
            self.tensors.append(_live_tensors())
        self.metric_state.append([(v.path, tuple(v.shape)) for m in self.model.metrics for v in m.variables])
        self.optimizer_state.append([(v.path, tuple(v.shape)) for v in self.model.optimizer.variables])


class _LeakyModel(keras.Sequential):
    """Keeps every batch's loss tensor (and so its autograd graph): the leak the probe must see."""

    def compute_loss(self, *args, **kwargs):
        loss = super().compute_loss(*args, **kwargs)
        self.__dict__.setdefault("kept_losses", []).append(loss)
        return loss


def _compiled(model_class=keras.Sequential):
    keras.utils.set_random_seed(0)
    model = model_class([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                         keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _fit(model):
    x, y = _data()
    probe = _AfterEachEpoch()
    history = model.fit(x, y, batch_size=32, epochs=EPOCHS, validation_data=_data(64, seed=1), verbose=0,
                        callbacks=[probe])
    return history, probe


def test_fit_keeps_no_tensors_metric_or_optimizer_state_after_the_first_epoch():
    history, probe = _fit(_compiled())
    after_first_epoch, after_last_epoch = probe.tensors
    _assert_flat(after_first_epoch, after_last_epoch)
    assert probe.metric_state == [probe.metric_state[0]] * EPOCHS
    assert probe.optimizer_state == [probe.optimizer_state[0]] * EPOCHS
    # History keeps one Python float per epoch and key: a tensor there would pin its memory (and its graph).
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for values in history.history.values():
        assert len(values) == EPOCHS and all(type(v) is float for v in values)


def test_evaluating_predicting_and_fitting_again_keeps_nothing_from_the_previous_calls():
    model = _compiled()
    x, y = _data()

    def calls():
        model.evaluate(x, y, batch_size=32, verbose=0)
        model.predict(x, batch_size=32, verbose=0)
        model.fit(x, y, batch_size=32, epochs=1, verbose=0)

    calls()  # the first calls build state that lives on (metrics, optimizer slots)
    after_first = _live_tensors()
    for _ in range(3):
        calls()
    _assert_flat(after_first, _live_tensors())


def test_the_probe_sees_a_leak_of_one_loss_per_step():
    _, probe = _fit(_compiled(_LeakyModel))
    (first_count, first_bytes), (last_count, last_bytes) = probe.tensors
    # At least the loss kept at each of the 3 x 8 later steps, and the storage of what their graphs saved.
    assert last_count - first_count >= (EPOCHS - 1) * 256 // 32
    assert last_bytes > first_bytes
