"""One process of the distribution tests: `python _worker.py SCENARIO OUT_DIR`, ranks from the environment.

Each scenario also runs in a single process (the reference): `run(scenario, out_dir)` called with no
distribution set trains exactly as one device would.
"""

import contextlib
import gc
import io
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


def _adam_model(units=4, seed=1):
    """Adam, so that sharded optimizer slots are exercised too."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu", name="dense"),
                              keras.layers.Dense(units, name="dense_1")], name="mlp")
    model.compile(optimizer=keras.optimizers.Adam(0.01, name="adam"),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


class _StorageShapes(keras.callbacks.Callback):
    """The shapes the weights and optimizer slots have in storage during `fit` (at the end of each epoch)."""

    def on_epoch_end(self, epoch, logs=None):
        self.shapes = _storage_shapes(self.model)


def _storage_shapes(model):
    variables = list(model.weights) + (list(model.optimizer.variables) if model.optimizer.built else [])
    return {variable.path: tuple(variable.shape) for variable in variables}


def _pieces(model):
    """This process's storage of each weight: its piece under ModelParallel, the whole weight otherwise."""
    return {v.path: (v.detach().numpy().copy(), v.untyped_storage().nbytes()) for v in model.weights}


def _best_checkpoints(own):
    """ModelCheckpoint(save_best_only=True) at every epoch end, a `.keras` file per save (named by epoch):
    monitoring the loss going down (saves whenever it falls) and up (saves the first epoch only)."""
    return [keras.callbacks.ModelCheckpoint(os.path.join(own, "down-{epoch:02d}.keras"), monitor="loss",
                                            mode="min", save_best_only=True),
            keras.callbacks.ModelCheckpoint(os.path.join(own, "up-{epoch:02d}.weights.h5"), monitor="loss",
                                            mode="max", save_best_only=True, save_weights_only=True)]


def scenario_model_parallel(out):
    """Mesh (1, 2): Dense kernels and biases split along "model" from their creation; then mesh (2, 1) with
    kernels split along "batch" (each replica stores half of every kernel and trains on half of every batch)."""
    result = {}
    rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else 0
    own = os.path.join(out, f"rank{rank}")
    os.makedirs(own, exist_ok=True)
    x, y = _data(48)
    xv, yv = _data(20, seed=1)
    distribution = _model_parallel((1, 2), {".*dense.*kernel": (None, "model"), ".*dense.*bias": ("model",)})
    with distribution.scope():
        model = _adam_model()
        result["built_shapes"] = _storage_shapes(model)
        result["built_pieces"] = _pieces(model)
        result["initial_weights"] = model.get_weights()
        result["initial_evaluate"] = model.evaluate(xv, yv, batch_size=8, verbose=0, return_dict=True)
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
        result["after_shapes"] = _storage_shapes(model)
        model.save(os.path.join(own, "model.keras"))  # on every process: rank 0 writes
        model.save_weights(os.path.join(own, "model.weights.h5"))
        layout = distribution.get_variable_layout(model.layers[0].kernel)
        sharded = keras.distribution.distribute_tensor(torch.arange(32.0).reshape(4, 8), layout)
        result["layout"] = (layout.axes, tuple(getattr(sharded, "to_local", lambda: sharded)().shape))

        # Loading and set_weights: rank 0's files, read by every process right after `save` returned.
        chief = os.path.join(out, "rank0")
        loaded = keras.saving.load_model(os.path.join(chief, "model.keras"))
        result["loaded_shapes"] = _storage_shapes(loaded)
        result["loaded_weights"] = loaded.get_weights()
        result["loaded_optimizer"] = loaded.optimizer.get_weights()
        result["loaded_predict"] = loaded.predict(x, batch_size=16, verbose=0)
        model = _adam_model(seed=2)
        model.optimizer.build(model.trainable_variables)  # the file holds Adam's state too
        model.load_weights(os.path.join(chief, "model.weights.h5"))
        result["load_weights_optimizer"] = model.optimizer.get_weights()
        result["load_weights_weights"] = model.get_weights()
        model.set_weights(result["initial_weights"])
        result["set_weights_weights"] = model.get_weights()
        result["set_weights_shapes"] = _storage_shapes(model)

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

        model = _adam_model()
        stopping = keras.callbacks.EarlyStopping(monitor="loss", mode="max", patience=1, restore_best_weights=True)
        history = model.fit(x, y, batch_size=16, epochs=5, shuffle=True, verbose=0, callbacks=[stopping])
        result["early_stopping"] = {"epochs": len(history.history["loss"]), "best_epoch": stopping.best_epoch,
                                    "weights": model.get_weights(), "shapes": _storage_shapes(model)}
        model = _adam_model()
        model.fit(x, y, batch_size=16, epochs=1, shuffle=True, verbose=0)
        result["one_epoch_weights"] = model.get_weights()

        best = os.path.join(own, "best")
        os.makedirs(best, exist_ok=True)
        model = _adam_model()
        model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0, callbacks=_best_checkpoints(best))
        result["best_weights"] = model.get_weights()

    try:
        with _model_parallel((1, 2), {".*dense.*kernel": (None, "model")}).scope():
            _adam_model(units=3)  # a (8, 3) kernel: 3 columns do not split in 2
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


def _summary_text(model):
    """What `model.summary()` prints, at a fixed console width (the same in a worker and in pytest)."""
    buffer, columns = io.StringIO(), os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "120"
    try:
        with contextlib.redirect_stdout(buffer):
            model.summary()
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    return buffer.getvalue()


def _counts(model):
    return {"summary": _summary_text(model), "count_params": model.count_params(),
            "layer_counts": [layer.count_params() for layer in model.layers],
            "global_shapes": {v.path: v.global_shape for v in model.weights}}


def scenario_model_parallel_reading(out):
    """The Keras reads and writes of single weights and of the optimizer on mesh (1, 2), kernels and biases split
    along "model" (every process calls each read): `count_params()` / `summary()` before and after `fit`,
    `numpy()` / `np.asarray` / `convert_to_numpy` and `assign` / `assign_add` / `assign_sub` of a kernel, and the
    optimizer's `get_weights()` / `set_weights()` / `save_own_variables()` / `variables`."""
    result = {}
    x, y = _data(48)
    with _model_parallel((1, 2), {".*dense.*kernel": (None, "model"), ".*dense.*bias": ("model",)}).scope():
        model = _adam_model()
        result["built"] = _counts(model)
        kernel = model.layers[0].kernel
        result["read"] = {"numpy": kernel.numpy(), "asarray": np.asarray(kernel),
                          "convert_to_numpy": keras.ops.convert_to_numpy(kernel),
                          "bias": model.layers[1].bias.numpy(), "repr": repr(kernel)}
        kernel.assign(np.arange(32, dtype="float32").reshape(4, 8) / 10)
        result["assigned"] = kernel.numpy()
        result["assigned_piece"] = kernel.detach().numpy().copy()  # this process's storage
        kernel.assign_add(np.ones((4, 8), "float32"))
        kernel.assign_sub(0.5)
        kernel.assign_add(np.arange(8, dtype="float32"))  # broadcast along the rows
        result["assign_add"] = kernel.numpy()
        try:
            kernel.assign(np.zeros((4, 4), "float32"))  # this process's piece's shape: not the kernel's
            result["assign_error"] = None
        except ValueError as error:
            result["assign_error"] = str(error)
        if kernel._holding_piece() is not None:  # one process: torch's own broadcasting error
            try:
                kernel.assign_add(np.zeros((4, 3), "float32"))
            except ValueError as error:
                result["assign_add_error"] = str(error)

        model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
        result["trained"] = _counts(model)
        optimizer = model.optimizer
        result["optimizer_weights"] = optimizer.get_weights()
        result["optimizer_variables"] = [np.asarray(v) for v in optimizer.variables]
        store = {}
        optimizer.save_own_variables(store)
        result["optimizer_saved"] = [store[str(i)] for i in range(len(store))]
        optimizer.set_weights([w * 2 for w in result["optimizer_weights"]])
        result["optimizer_set"] = optimizer.get_weights()
        result["optimizer_storage"] = {v.path: tuple(v.shape) for v in optimizer.variables}
        result["weights"] = model.get_weights()
        try:
            optimizer.set_weights([np.zeros(tuple(v.shape), "float32") for v in optimizer.variables])
            result["optimizer_set_error"] = None
        except ValueError as error:
            result["optimizer_set_error"] = str(error)
    return result


def scenario_model_built_before_the_distribution(out):
    """A model built and trained for an epoch in no distribution (every process alone, each from its own random
    state), then trained under ModelParallel: rank 0's weights and Adam state are scattered, and training
    goes on as one process would."""
    x, y = _data(48)
    rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else 0
    keras.utils.set_random_seed(1)
    model = _adam_model(seed=1 + rank)  # the processes disagree: rank 0's model wins
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    distribution = _model_parallel((1, 2), {".*dense.*kernel": (None, "model")})
    with distribution.scope():
        model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
        return {"shapes": _storage_shapes(model), "weights": model.get_weights(),
                "optimizer_weights": model.optimizer.get_weights(), "summary": _summary_text(model)}


def scenario_model_parallel_rank_zero_saves_alone(out):
    """Rank 0 calls `model.save` alone, as a DataParallel script guarded by `rank == 0` would, while rank 1 trains
    on: both must stop with an error after the timeout (rank 0's naming the fix), neither pairing its
    collectives with the other's."""
    x, y = _data(32)
    with _model_parallel((1, 2), {".*dense.*kernel": (None, "model")}).scope():
        model = _adam_model()
        model.fit(x, y, batch_size=16, epochs=1, verbose=0)
        start = time.time()
        try:
            if torch.distributed.get_rank() == 0:
                model.save(os.path.join(out, "alone.keras"))
            else:
                model.fit(x, y, batch_size=16, epochs=1, verbose=0)
            error = None
        except RuntimeError as caught:
            error = str(caught)
        written = os.path.exists(os.path.join(out, "alone.keras"))
        return {"error": error, "seconds": time.time() - start, "written": written}


class _Block(keras.layers.Layer):
    """A residual block that builds its own layers in `build`."""

    def __init__(self, width, **kwargs):
        super().__init__(**kwargs)
        self.width = width

    def build(self, input_shape):
        self.inner = keras.layers.Dense(self.width, activation="relu", name="inner")
        self.outer = keras.layers.Dense(self.width, name="outer")
        self.inner.build(input_shape)
        self.outer.build(input_shape[:-1] + (self.width,))
        self.norm = keras.layers.LayerNormalization(name="norm")
        self.norm.build(input_shape)

    def call(self, x):
        return self.norm(x + self.outer(self.inner(x)))


class _Net(keras.Model):
    """A subclassed model: embedding, block, pooled, a head."""

    def __init__(self):
        super().__init__(name="net")
        self.embedding = keras.layers.Embedding(16, 8, name="embedding")
        self.block = _Block(8, name="block")
        self.pool = keras.layers.GlobalAveragePooling1D(name="pool")
        self.head = keras.layers.Dense(4, name="head")

    def call(self, tokens):
        return self.head(self.pool(self.block(self.embedding(tokens))))


def _tokens(count, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 16, size=(count, 6)).astype("int32")
    return x, (x[:, 0] % 4).astype("int64")


def _compiled(model):
    model.compile(optimizer=keras.optimizers.Adam(0.01), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def scenario_model_parallel_layers(out):
    """Beyond Dense: a Functional model of Embedding, TimeDistributed(Dense) and LSTM (whose fused kernel reads
    its cell's weights in the LSTM's call) on mesh (1, 2), and a subclassed model with a block that builds its
    own layers on mesh (2, 1) (two replicas: replicated weights' gradients summed through the gathers)."""
    result = {}
    x, y = _tokens(40)
    with _model_parallel((1, 2), {".*embeddings": (None, "model"), ".*kernel": (None, "model"),
                                   ".*lstm.*bias": ("model",)}).scope():
        keras.utils.set_random_seed(3)
        inputs = keras.Input((6,), dtype="int32", name="tokens")  # named: summaries compare names
        hidden = keras.layers.Embedding(16, 8, name="embedding")(inputs)
        hidden = keras.layers.TimeDistributed(keras.layers.Dense(8, activation="tanh", name="step"),
                                              name="time_distributed")(hidden)
        hidden = keras.layers.LSTM(8, name="lstm")(hidden)
        model = _compiled(keras.Model(inputs, keras.layers.Dense(4, name="head")(hidden), name="seq"))
        result["functional_shapes"] = {v.path: tuple(v.shape) for v in model.weights}
        result["functional_predict_before"] = model.predict(x, batch_size=8, verbose=0)
        history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
        result["functional_history"] = history.history
        result["functional_weights"] = model.get_weights()
        result["functional_predict"] = model.predict(x, batch_size=8, verbose=0)
        result["functional_summary"] = _summary_text(model)

    with _model_parallel((2, 1), {".*embeddings": ("batch", None), ".*(inner|head).*kernel": ("batch", None)}).scope():
        keras.utils.set_random_seed(4)
        model = _compiled(_Net())
        model(x[:2])  # built by a call
        result["subclassed_shapes"] = {v.path: tuple(v.shape) for v in model.weights}
        history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
        result["subclassed_history"] = history.history
        result["subclassed_weights"] = model.get_weights()
        result["subclassed_evaluate"] = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
        result["subclassed_summary"] = _summary_text(model)

        # Built by its first `train_on_batch` (no `fit` to prepare it): the replicas' gradients are still summed.
        keras.utils.set_random_seed(5)
        model = _compiled(keras.Sequential([keras.layers.Embedding(16, 8, name="embedding"),
                                            keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(8, name="head"),
                                            keras.layers.Dense(4, name="out")]))
        for start in range(0, 24, 8):
            model.train_on_batch(x[start:start + 8], y[start:start + 8])
        result["train_on_batch_weights"] = model.get_weights()
    return result


def scenario_model_parallel_step_gathers(out):
    """How often one training step gathers the sharded weights of the 2-layer MLP (4 of them): once each in the
    forward pass, and once more in the backward pass for each whole weight an op kept for it (the second
    kernel, which the gradient of the first layer's output needs); no whole weight is kept between them."""
    from kerastorch.distribution import _sharded_weights

    x, y = _data(16)
    with _model_parallel((1, 2), {".*dense.*kernel": (None, "model"), ".*dense.*bias": ("model",)}).scope():
        model = _adam_model()
        model.train_on_batch(x, y)  # builds the optimizer
        calls, original = [], _sharded_weights.Sharding.full

        def counting(self, local):
            calls.append(("forward" if torch.is_grad_enabled() else "backward", self.shape))
            return original(self, local)

        _sharded_weights.Sharding.full = counting
        try:
            logs = model.train_on_batch(x, y, return_dict=True)
        finally:
            _sharded_weights.Sharding.full = original
        return {"calls": calls, "loss": logs["loss"], "weights": model.get_weights()}


def _clipping_optimizers():
    return {
        "clipnorm": lambda: keras.optimizers.Adam(0.05, clipnorm=0.05),
        "global_clipnorm": lambda: keras.optimizers.Adam(0.05, global_clipnorm=0.05),
        "loss_scale": lambda: keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.1)),
    }


def scenario_model_parallel_clipping(out):
    """Norm clipping and loss scaling with sharded weights: the norms are of whole gradients, and a loss-scaled
    step whose gradient overflowed on one process's piece only is skipped by every process."""
    result = {}
    x, y = _data(32)
    layouts = {"columns": ((1, 2), {".*dense.*kernel": (None, "model"), ".*dense.*bias": ("model",)}),
               "rows_two_replicas": ((2, 1), {".*dense.*kernel": ("batch", None)})}
    for layout_name, (shape, layout) in layouts.items():
        for name, make in _clipping_optimizers().items():
            with _model_parallel(shape, layout).scope():
                keras.utils.set_random_seed(1)
                model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu", name="dense"),
                                          keras.layers.Dense(4, name="dense_1")], name="mlp")
                model.compile(optimizer=make(), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
                result[f"{layout_name}/{name}/history"] = history.history
                result[f"{layout_name}/{name}/weights"] = model.get_weights()

    shape, layout = layouts["columns"]
    with _model_parallel(shape, layout).scope():
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu", name="dense",
                                                                        trainable=False),
                                  keras.layers.Dense(4, name="dense_1")], name="mlp")
        model.compile(optimizer=keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.01)), loss="mse")
        targets = np.zeros((8, 4), "float32")
        targets[:, 2:] = 1e36  # the last two columns' gradients overflow: the second process's half only
        result["overflow/initial_weights"] = model.get_weights()
        model.train_on_batch(x[:8], targets)
        result["overflow/weights_after_skipped_step"] = model.get_weights()
        result["overflow/scale"] = float(model.optimizer.dynamic_scale.numpy())
        model.train_on_batch(x[:8], np.zeros((8, 4), "float32"))
        result["overflow/weights"] = model.get_weights()
    return result


def scenario_data_parallel_best_checkpoints(out):
    rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else 0
    own = os.path.join(out, f"rank{rank}")
    os.makedirs(own, exist_ok=True)
    x, y = _data(48)
    model = _adam_model()
    model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0, callbacks=_best_checkpoints(own))
    return {"weights": model.get_weights()}


def scenario_data_parallel_batch_logs_read(out):
    """A callback reads every batch's loss (as TerminateOnNaN and the progress bar do) before the epoch's
    metrics are summed over the ranks."""
    x, y = _data(48)
    model = _model()
    losses = []
    reader = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: losses.append(float(logs["loss"])))
    history = model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0, callbacks=[reader])
    return {"history": history.history, "batches": len(losses)}


def run(scenario, out):
    return globals()[f"scenario_{scenario}"](out)


def main():
    scenario, out = sys.argv[1], sys.argv[2]
    keras.distribution.initialize(timeout=float(os.environ.get("TEST_TIMEOUT", "30")))
    if scenario.startswith("data_parallel") or scenario == "crash":
        keras.distribution.set_distribution(keras.distribution.DataParallel())
    result = run(scenario, out)
    rank = int(os.environ["RANK"])
    with open(os.path.join(out, f"result{rank}.pkl"), "wb") as f:
        pickle.dump(result, f)
    # Models hold their DistributedDataParallel wrapper in reference cycles: collect them while the process group
    # lives, so no reducer is destroyed after it at interpreter exit (seen once as a C++ terminate on rank 1).
    result = None
    gc.collect()
    torch.distributed.barrier()  # nobody tears the group down while another process still uses it
    torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
