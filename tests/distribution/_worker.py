"""One process of the distribution tests: `python _worker.py SCENARIO OUT_DIR`, ranks from the environment.

Each scenario also runs in a single process (the reference): `run(scenario, out_dir)` called with no
distribution set trains exactly as one device would.
"""

import os
import pickle
import sys
import time

import numpy as np
import torch

import kerastorch as keras


def _data(count, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(count, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0.5).astype("int64")
    return x, y


def _model():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)])
    model.compile(optimizer=keras.optimizers.SGD(0.2),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


class _Batches(keras.utils.PyDataset):
    """Global batches of uneven sizes (one smaller than the number of processes)."""

    def __init__(self, x, y, sizes):
        super().__init__()
        self.x, self.y = x, y
        self.bounds = np.cumsum([0] + list(sizes))

    def __len__(self):
        return len(self.bounds) - 1

    def __getitem__(self, index):
        a, b = self.bounds[index], self.bounds[index + 1]
        return self.x[a:b], self.y[a:b]


class _Interrupt(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 1:
            raise KeyboardInterrupt("simulated interruption")


def _weights(model):
    return [np.array(w) for w in model.get_weights()]


def _rank():
    current = keras.distribution.distribution()
    return 0 if current is None else current._process_id


def scenario_data_parallel(out):
    """Shared `out`; files each rank would write go to `out/rank<r>` so the test sees who wrote what."""
    result = {}
    own = os.path.join(out, f"rank{_rank()}")
    os.makedirs(own, exist_ok=True)
    x, y = _data(49)  # batches of 16, 16, 16 and 1: uneven, and one rank without a sample
    xv, yv = _data(21, seed=1)
    model = _model()
    history = model.fit(x, y, batch_size=16, epochs=2, shuffle=True, verbose=0, validation_data=(xv, yv),
                        callbacks=[keras.callbacks.CSVLogger(os.path.join(own, "log.csv")),
                                   keras.callbacks.TensorBoard(os.path.join(own, "logs"), write_graph=False),
                                   keras.callbacks.ModelCheckpoint(os.path.join(own, "ckpt.weights.h5"),
                                                                   save_weights_only=True)])
    result["history"] = history.history
    result["weights"] = _weights(model)
    result["evaluate"] = model.evaluate(xv, yv, batch_size=5, verbose=0, return_dict=True)
    result["predict"] = model.predict(x, batch_size=10, verbose=0)
    if _rank() == 0:
        model.save(os.path.join(own, "model.keras"))

    model = _model()
    model.fit(_Batches(x, y, [12, 20, 16, 1]), epochs=2, shuffle=True, verbose=0)
    result["py_dataset_weights"] = _weights(model)

    model = _model()
    dataset = torch.utils.data.TensorDataset(torch.as_tensor(x), torch.as_tensor(y))
    model.fit(torch.utils.data.DataLoader(dataset, batch_size=10, shuffle=True), epochs=2, shuffle=False, verbose=0)
    result["data_loader_weights"] = _weights(model)

    backup = os.path.join(out, "backup")
    model = _model()
    try:
        model.fit(x, y, batch_size=16, epochs=4, shuffle=True, verbose=0,
                  callbacks=[keras.callbacks.BackupAndRestore(backup), _Interrupt()])
    except KeyboardInterrupt:
        pass
    result["backup_written"] = sorted(os.listdir(backup)) if os.path.isdir(backup) else []
    model = _model()
    model.fit(x, y, batch_size=16, epochs=4, shuffle=True, verbose=0,
              callbacks=[keras.callbacks.BackupAndRestore(backup)])
    result["resumed_weights"] = _weights(model)
    return result


def scenario_crash(out):
    model = _model()
    x, y = _data(64)

    class Crash(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 2 and keras.distribution.distribution()._process_id == 1:
                if os.environ.get("CRASH_MODE") == "hang":
                    time.sleep(120)
                os._exit(7)  # a hard crash: no cleanup, no goodbye to the other process

    start = time.time()
    try:
        model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[Crash()])
    except RuntimeError as error:
        return {"error": str(error), "seconds": time.time() - start}
    return {"error": None, "seconds": time.time() - start}


def _model_parallel(shape, layout):
    mesh = keras.distribution.DeviceMesh(shape, ["batch", "model"], devices=["cpu:0", "cpu:1"])
    layout_map = keras.distribution.LayoutMap(mesh)
    for key, axes in layout.items():
        layout_map[key] = axes
    return keras.distribution.ModelParallel(layout_map=layout_map)


def _adam_model(units=4):
    """Adam, so that sharded optimizer slots are exercised too."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu", name="dense"),
                              keras.layers.Dense(units, name="dense_1")], name="mlp")
    model.compile(optimizer=keras.optimizers.Adam(0.01, name="adam"),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


class _StorageShapes(keras.callbacks.Callback):
    """The shapes the weights and optimizer slots have in storage during `fit` (at the end of each epoch)."""

    def on_epoch_end(self, epoch, logs=None):
        variables = list(self.model.weights) + list(self.model.optimizer.variables)
        self.shapes = {variable.path: tuple(variable.shape) for variable in variables}


def scenario_model_parallel(out):
    """Mesh (1, 2): Dense kernels and biases split along "model"; then mesh (2, 1) with kernels split along
    "batch" (each replica stores half of every kernel and trains on half of every batch)."""
    result = {}
    rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else 0
    own = os.path.join(out, f"rank{rank}")
    os.makedirs(own, exist_ok=True)
    x, y = _data(48)
    xv, yv = _data(20, seed=1)
    distribution = _model_parallel((1, 2), {".*dense.*kernel": (None, "model"), ".*dense.*bias": ("model",)})
    with distribution.scope():
        model = _adam_model()
        shapes = _StorageShapes()
        history = model.fit(x, y, batch_size=16, epochs=2, shuffle=True, verbose=0, validation_data=(xv, yv),
                            callbacks=[shapes,
                                       keras.callbacks.ModelCheckpoint(os.path.join(own, "ckpt.weights.h5"),
                                                                       save_weights_only=True),
                                       keras.callbacks.ModelCheckpoint(os.path.join(own, "ckpt.keras"))])
        result["history"] = history.history
        result["shapes"] = shapes.shapes
        result["weights"] = model.get_weights()
        result["evaluate"] = model.evaluate(xv, yv, batch_size=8, verbose=0, return_dict=True)
        result["predict"] = model.predict(x, batch_size=16, verbose=0)
        if rank == 0:
            model.save(os.path.join(own, "model.keras"))
            model.save_weights(os.path.join(own, "model.weights.h5"))
        layout = distribution.get_variable_layout(model.layers[0].kernel)
        sharded = keras.distribution.distribute_tensor(torch.arange(32.0).reshape(4, 8), layout)
        result["layout"] = (layout.axes, tuple(getattr(sharded, "to_local", lambda: sharded)().shape))

        backup = os.path.join(out, "backup")
        model = _adam_model()
        try:
            model.fit(x, y, batch_size=16, epochs=4, shuffle=True, verbose=0,
                      callbacks=[keras.callbacks.BackupAndRestore(backup), _Interrupt()])
        except KeyboardInterrupt:
            pass
        result["backup_written"] = sorted(os.listdir(backup)) if os.path.isdir(backup) else []
        model = _adam_model()
        model.fit(x, y, batch_size=16, epochs=4, shuffle=True, verbose=0,
                  callbacks=[keras.callbacks.BackupAndRestore(backup)])
        result["resumed_weights"] = model.get_weights()
        model = _adam_model()
        model.fit(x, y, batch_size=16, epochs=4, shuffle=True, verbose=0)
        result["uninterrupted_weights"] = model.get_weights()

    with _model_parallel((1, 2), {".*dense.*kernel": (None, "model")}).scope():
        model = _adam_model(units=3)  # a (8, 3) kernel: 3 columns do not split in 2
        try:
            model.fit(x, y, batch_size=16, epochs=1, verbose=0)
            result["bad_layout_error"] = None
        except ValueError as error:
            result["bad_layout_error"] = str(error)

    x, y = _data(49)  # global batches of 16, 16, 16 and 1: one replica gets no sample in the last
    with _model_parallel((2, 1), {".*dense.*kernel": ("batch", None)}).scope():
        model = _adam_model()
        shapes = _StorageShapes()
        model.fit(x, y, batch_size=16, epochs=2, shuffle=True, verbose=0, callbacks=[shapes])
        result["batch_axis_shapes"] = shapes.shapes
        result["batch_axis_weights"] = model.get_weights()
    return result


def scenario_model_parallel_skipped_save(out):
    """Rank 0's ModelCheckpoint(save_best_only=True) skips the epoch-2 save that rank 1 joins (it decides on
    rank 0 alone): the processes must stop with an error, not pair rank 1's gather with training collectives."""
    x, y = _data(32)
    with _model_parallel((1, 2), {".*dense.*kernel": (None, "model")}).scope():
        model = _adam_model()
        checkpoint = keras.callbacks.ModelCheckpoint(os.path.join(out, "best.keras"), monitor="loss", mode="max",
                                                     save_best_only=True)
        start = time.time()
        try:
            model.fit(x, y, batch_size=16, epochs=3, verbose=0, callbacks=[checkpoint])
        except RuntimeError as error:
            return {"error": str(error), "seconds": time.time() - start}
    return {"error": None, "seconds": time.time() - start}


def run(scenario, out):
    return globals()[f"scenario_{scenario}"](out)


def main():
    scenario, out = sys.argv[1], sys.argv[2]
    keras.distribution.initialize(timeout=float(os.environ.get("TEST_TIMEOUT", "30")))
    if not scenario.startswith("model_parallel"):
        keras.distribution.set_distribution(keras.distribution.DataParallel())
    result = run(scenario, out)
    rank = int(os.environ["RANK"])
    with open(os.path.join(out, f"result{rank}.pkl"), "wb") as f:
        pickle.dump(result, f)
    torch.distributed.barrier()  # nobody tears the group down while another process still uses it
    torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
