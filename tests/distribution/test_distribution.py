"""keras.distribution on torch.distributed: the API in one process, and real 2-process runs with gloo.

Multi-process tests launch `_worker.py` twice (with torchrun, or as two plain processes when a test needs
to watch one rank die on its own) and compare against the same scenario run here in one process.
"""

import os
import pickle
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.distribution import _sharding

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "_worker.py")
LAUNCH_TIMEOUT = 150


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra):
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONWARNINGS="ignore", **extra)
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(HERE)), env.get("PYTHONPATH", "")])
    return env


def _torchrun(scenario, out, nproc=2, **extra):
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(nproc),
               "--master_addr", "127.0.0.1", "--master_port", str(_free_port()), WORKER, scenario, str(out)]
    done = subprocess.run(command, env=_env(**extra), capture_output=True, text=True, timeout=LAUNCH_TIMEOUT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [pickle.load(open(os.path.join(out, f"result{rank}.pkl"), "rb")) for rank in range(nproc)], done


def _reference(scenario, out):
    sys.path.insert(0, HERE)
    try:
        import _worker
    finally:
        sys.path.remove(HERE)
    keras.distribution.set_distribution(None)
    return _worker.run(scenario, str(out))


def _assert_weights_close(actual, expected, atol=1e-6):
    assert [a.shape for a in actual] == [e.shape for e in expected]
    for a, e in zip(actual, expected):
        np.testing.assert_allclose(a, e, atol=atol, rtol=1e-5)


# ---------------------------------------------------------------------------------------------- API, one process
class TestApi:
    def test_list_devices_without_process_group(self):
        assert keras.distribution.list_devices("cpu") == ["cpu:0"]
        assert keras.distribution.get_device_count("cpu") == 1
        with pytest.raises(ValueError, match="Received: device_type='tpu'"):
            keras.distribution.list_devices("tpu")

    def test_device_mesh_validates_shape(self):
        mesh = keras.distribution.DeviceMesh((2, 2), ["batch", "model"], devices=[f"cpu:{i}" for i in range(4)])
        assert mesh.shape == (2, 2) and mesh.devices.shape == (2, 2)
        with pytest.raises(ValueError, match="same size"):
            keras.distribution.DeviceMesh((2,), ["batch", "model"], devices=["cpu:0", "cpu:1"])
        with pytest.raises(ValueError, match="number of devices"):
            keras.distribution.DeviceMesh((3,), ["batch"], devices=["cpu:0", "cpu:1"])

    def test_layout_map_matches_paths_by_regex(self):
        mesh = keras.distribution.DeviceMesh((1, 2), ["batch", "model"], devices=["cpu:0", "cpu:1"])
        layout_map = keras.distribution.LayoutMap(mesh)
        layout_map[".*dense.*kernel"] = (None, "model")
        layout_map[".*dense.*bias"] = ("model",)
        assert layout_map["sequential/dense_1/kernel"].axes == (None, "model")
        assert layout_map["sequential/dense_1/kernel"].device_mesh is mesh
        assert layout_map["sequential/conv2d/kernel"] is None
        layout_map[".*dense_1.*"] = (None,)
        with pytest.raises(ValueError, match="matches multiple layout"):
            layout_map["sequential/dense_1/kernel"]
        with pytest.raises(ValueError, match="already exist"):
            layout_map[".*dense.*bias"] = ("model",)
        with pytest.raises(ValueError, match="Invalid axis names"):
            keras.distribution.TensorLayout(("data",), mesh)

    def test_data_parallel_defaults_and_scope(self):
        distribution = keras.distribution.DataParallel()
        assert distribution.batch_dim_name == "batch"
        assert distribution.num_model_replicas == 1 and distribution.num_processes == 1
        assert keras.distribution.distribution() is None
        with distribution.scope():
            assert keras.distribution.distribution() is distribution
        assert keras.distribution.distribution() is None
        with pytest.raises(ValueError, match="Received: value="):
            keras.distribution.set_distribution("data_parallel")

    def test_model_parallel_needs_a_layout_map(self):
        with pytest.raises(ValueError, match="layout_map"):
            keras.distribution.ModelParallel()
        mesh = keras.distribution.DeviceMesh((2, 1), ["batch", "model"], devices=["cpu:0", "cpu:1"])
        distribution = keras.distribution.ModelParallel(layout_map=keras.distribution.LayoutMap(mesh))
        assert distribution.batch_dim_name == "batch" and distribution.num_model_replicas == 2

    def test_initialize_without_launcher_says_how(self, monkeypatch):
        for name in ("RANK", "WORLD_SIZE", "KERAS_DISTRIBUTION_NUM_PROCESSES", "KERAS_DISTRIBUTION_PROCESS_ID"):
            monkeypatch.delenv(name, raising=False)
        with pytest.raises(ValueError, match="torchrun"):
            keras.distribution.initialize()

    def test_single_process_distribution_is_a_no_op(self):
        x = np.random.default_rng(0).normal(size=(20, 4)).astype("float32")
        with keras.distribution.DataParallel().scope():
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
            model.compile("sgd", "mse")
            model.fit(x, x[:, :2], batch_size=8, verbose=0)
            assert "_distributed_forward" not in model.__dict__ or model._distributed_forward is None

    @pytest.mark.parametrize("total, parts, expected", [(16, 2, [8, 8]), (5, 2, [3, 2]), (1, 2, [1, 0]),
                                                        (7, 4, [2, 2, 2, 1])])
    def test_split_sizes(self, total, parts, expected):
        assert _sharding.split_sizes(total, parts) == expected


# ---------------------------------------------------------------------------------------------- DataParallel, 2 ranks
@pytest.fixture(scope="module")
def data_parallel_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("dp")
    ranks, launched = _torchrun("data_parallel", out)
    reference = _reference("data_parallel", tmp_path_factory.mktemp("reference"))
    return {"ranks": ranks, "reference": reference, "out": out, "stdout": launched.stdout}


@pytest.mark.parametrize("key", ["weights", "py_dataset_weights", "data_loader_weights"])
def test_two_rank_fit_matches_one_process(data_parallel_runs, key):
    """Arrays (shuffled, 49 samples: uneven last batch of 1), a PyDataset and a shuffled DataLoader."""
    first, second = data_parallel_runs["ranks"]
    _assert_weights_close(first[key], data_parallel_runs["reference"][key])
    _assert_weights_close(second[key], first[key], atol=0)


def test_metrics_identical_on_ranks_and_equal_to_one_process(data_parallel_runs):
    first, second = data_parallel_runs["ranks"]
    reference = data_parallel_runs["reference"]
    assert first["history"] == second["history"]
    assert first["evaluate"] == second["evaluate"]
    assert sorted(first["history"]) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for name, values in reference["history"].items():
        np.testing.assert_allclose(first["history"][name], values, rtol=1e-5)
    for name, value in reference["evaluate"].items():
        np.testing.assert_allclose(first["evaluate"][name], value, rtol=1e-5)


def test_predict_returns_every_sample_in_order(data_parallel_runs):
    first, second = data_parallel_runs["ranks"]
    expected = data_parallel_runs["reference"]["predict"]
    assert first["predict"].shape == expected.shape == (49, 3)
    np.testing.assert_allclose(first["predict"], expected, atol=1e-6)
    np.testing.assert_array_equal(second["predict"], first["predict"])


def test_only_rank_zero_writes_files(data_parallel_runs):
    out = data_parallel_runs["out"]
    assert sorted(os.listdir(out / "rank0")) == ["ckpt.weights.h5", "log.csv", "logs", "model.keras"]
    assert os.listdir(out / "rank1") == []
    assert data_parallel_runs["stdout"].count("Epoch 1/") <= 1  # verbose=0 in the worker: nothing at all


def test_saved_files_match_one_process(data_parallel_runs, tmp_path):
    out = data_parallel_runs["out"]
    rows = open(out / "rank0" / "log.csv").read().splitlines()
    assert rows[0] == "epoch,accuracy,loss,val_accuracy,val_loss" and len(rows) == 3
    model = keras.saving.load_model(out / "rank0" / "model.keras")
    _assert_weights_close([np.array(w) for w in model.get_weights()], data_parallel_runs["reference"]["weights"])
    model.load_weights(out / "rank0" / "ckpt.weights.h5")
    _assert_weights_close([np.array(w) for w in model.get_weights()], data_parallel_runs["reference"]["weights"])


def test_backup_and_restore_resumes_a_distributed_run(data_parallel_runs):
    first, second = data_parallel_runs["ranks"]
    assert first["backup_written"] == ["latest.weights.h5", "random_state.npz", "training_metadata.json"]
    _assert_weights_close(first["resumed_weights"], data_parallel_runs["reference"]["resumed_weights"])
    _assert_weights_close(second["resumed_weights"], first["resumed_weights"], atol=0)


# ---------------------------------------------------------------------------------------------- failures
def _launch_plain(scenario, out, timeout, ranks=(0,), **extra):
    """Two plain processes (no torchrun agent to kill the survivor): the error handling of `ranks` is tested
    (the results of those ranks are returned, once they have exited)."""
    port = str(_free_port())
    processes = []
    for rank in (0, 1):
        env = _env(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE="2", MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=port, TEST_TIMEOUT=str(timeout), **extra)
        processes.append(subprocess.Popen([sys.executable, WORKER, scenario, str(out)], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    start = time.time()
    try:
        for rank in ranks:
            processes[rank].wait(timeout=LAUNCH_TIMEOUT)
    finally:
        elapsed = time.time() - start
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    results = [pickle.load(open(os.path.join(out, f"result{rank}.pkl"), "rb")) for rank in ranks]
    return (results[0] if ranks == (0,) else results), elapsed


@pytest.mark.parametrize("mode", ["crash", "hang"])
def test_a_failed_rank_stops_the_others_with_a_clear_error(tmp_path, mode):
    """Rank 1 dies (os._exit) or hangs mid-epoch; rank 0 raises instead of waiting forever."""
    result, elapsed = _launch_plain("crash", tmp_path, timeout=5, CRASH_MODE=mode)
    assert result["error"] is not None
    assert "a collective operation failed" in result["error"] and "Received: RuntimeError" in result["error"]
    assert result["seconds"] < 30 and elapsed < 60


# ---------------------------------------------------------------------------------------------- ModelParallel, 2 ranks
@pytest.fixture(scope="module")
def model_parallel_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("mp")
    ranks, _ = _torchrun("model_parallel", out)
    reference_out = tmp_path_factory.mktemp("mp_reference")
    reference = _reference("model_parallel", reference_out)
    return {"ranks": ranks, "reference": reference, "out": out, "reference_out": reference_out}


_HALF = {"mlp/dense/kernel": (4, 4), "mlp/dense/bias": (4,), "mlp/dense_1/kernel": (8, 2), "mlp/dense_1/bias": (2,)}


def _with_adam_slots(weights):
    shapes = dict(weights, **{"adam/iteration": (), "adam/learning_rate": ()})
    for path, shape in weights.items():
        for slot in ("momentum", "velocity"):
            shapes[f"adam/{path.replace('/', '_')}_{slot}"] = shape
    return shapes


def test_model_parallel_weights_are_sharded_from_creation(model_parallel_runs):
    """Mesh (1, 2), kernels `(None, "model")` and biases `("model",)`: right after the model is built each rank
    stores half the columns of every kernel and half of every bias (half the bytes), and its half is the
    one-process build's (same seed): rank r holds columns [r * n / 2, (r + 1) * n / 2)."""
    reference = model_parallel_runs["reference"]
    whole = dict(zip(_HALF, reference["initial_weights"]))
    for rank, result in enumerate(model_parallel_runs["ranks"]):
        assert result["built_shapes"] == _HALF
        for path, (piece, nbytes) in result["built_pieces"].items():
            columns = whole[path].shape[-1] // 2
            np.testing.assert_array_equal(piece, whole[path][..., rank * columns:(rank + 1) * columns])
            assert nbytes == whole[path].nbytes // 2
        _assert_weights_close(result["initial_weights"], reference["initial_weights"], atol=0)
        for name, value in reference["initial_evaluate"].items():
            np.testing.assert_allclose(result["initial_evaluate"][name], value, rtol=1e-6, atol=1e-6)
    assert reference["built_shapes"] == {path: w.shape for path, w in whole.items()}  # one process: whole


def test_model_parallel_weights_stay_sharded_across_fit(model_parallel_runs):
    """During `fit` and after it, each rank keeps its half of every weight and of Adam's slots; `get_weights()`
    returns whole arrays."""
    expected = _with_adam_slots(_HALF)
    for result in model_parallel_runs["ranks"]:
        assert result["shapes"] == expected and result["after_shapes"] == expected
        assert [w.shape for w in result["weights"]] == [(4, 8), (8,), (8, 4), (4,)]
        assert all(isinstance(w, np.ndarray) for w in result["weights"])
    reference_shapes = sorted(model_parallel_runs["reference"]["shapes"].values())
    assert reference_shapes == sorted([(4, 8)] * 3 + [(8,)] * 3 + [(8, 4)] * 3 + [(4,)] * 3 + [(), ()])


def test_model_parallel_fit_evaluate_predict_match_one_process(model_parallel_runs):
    first, second = model_parallel_runs["ranks"]
    reference = model_parallel_runs["reference"]
    assert first["history"] == second["history"] and first["evaluate"] == second["evaluate"]
    assert sorted(first["history"]) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for name, values in reference["history"].items():
        np.testing.assert_allclose(first["history"][name], values, rtol=1e-5, atol=1e-6)
    for name, value in reference["evaluate"].items():
        np.testing.assert_allclose(first["evaluate"][name], value, rtol=1e-5, atol=1e-6)
    for result in (first, second):
        _assert_weights_close(result["weights"], reference["weights"], atol=1e-5)
        np.testing.assert_allclose(result["predict"], reference["predict"], rtol=1e-5, atol=1e-5)
    _assert_weights_close(second["weights"], first["weights"], atol=0)


def _plain_model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(4)])


def _optimizer_state(model):
    return [np.array(v) for v in model.optimizer.variables]


def test_model_parallel_saves_whole_weights_on_rank_zero_only(model_parallel_runs):
    """Checkpoints written during `fit` and `save` / `save_weights` after it (called on both ranks; the weights
    gathered from both): rank 0 writes the same weights and Adam state as the one-process run, rank 1 nothing."""
    out, reference_out = model_parallel_runs["out"], model_parallel_runs["reference_out"]
    assert sorted(os.listdir(out / "rank0")) == ["best", "ckpt.keras", "ckpt.weights.h5", "model.keras",
                                                 "model.weights.h5"]
    assert sorted(os.listdir(out / "rank1")) == ["best"] and os.listdir(out / "rank1" / "best") == []
    expected = model_parallel_runs["reference"]["weights"]
    for name in ("ckpt.keras", "model.keras"):
        model = keras.saving.load_model(out / "rank0" / name)
        _assert_weights_close(model.get_weights(), expected, atol=1e-5)
        reference_model = keras.saving.load_model(reference_out / "rank0" / name)
        _assert_weights_close(_optimizer_state(model), _optimizer_state(reference_model), atol=1e-5)
    for name in ("ckpt.weights.h5", "model.weights.h5"):
        model = _plain_model()
        model.load_weights(out / "rank0" / name)
        _assert_weights_close(model.get_weights(), expected, atol=1e-5)


def test_model_parallel_load_and_set_weights_scatter(model_parallel_runs):
    """`load_model` under the distribution, `load_weights` into a model built with another seed, and
    `set_weights` of whole arrays: each rank keeps its half, and the whole values are the ones given."""
    reference = model_parallel_runs["reference"]
    loaded_half = {path.removeprefix("mlp/"): shape for path, shape in _HALF.items()}
    for result in model_parallel_runs["ranks"]:
        assert result["loaded_shapes"] == _with_adam_slots(loaded_half)
        _assert_weights_close(result["loaded_weights"], result["weights"], atol=0)
        _assert_weights_close(result["loaded_optimizer"], reference["loaded_optimizer"], atol=1e-5)
        np.testing.assert_allclose(result["loaded_predict"], reference["predict"], rtol=1e-5, atol=1e-5)
        _assert_weights_close(result["load_weights_weights"], result["weights"], atol=0)
        _assert_weights_close(result["load_weights_optimizer"], result["loaded_optimizer"], atol=0)
        _assert_weights_close(result["set_weights_weights"], reference["initial_weights"], atol=0)
        assert result["set_weights_shapes"] == _with_adam_slots(_HALF)


def test_model_parallel_backup_and_restore_resumes(model_parallel_runs):
    """Interrupted after epoch 2 of 4 (the backup gathered from both ranks), then resumed: the same weights
    as an uninterrupted run and as the one-process run."""
    first, second = model_parallel_runs["ranks"]
    assert first["backup_written"] == ["latest.weights.h5", "random_state.npz", "training_metadata.json"]
    _assert_weights_close(first["resumed_weights"], first["uninterrupted_weights"], atol=1e-6)
    _assert_weights_close(first["resumed_weights"], model_parallel_runs["reference"]["resumed_weights"], atol=1e-5)
    _assert_weights_close(second["resumed_weights"], first["resumed_weights"], atol=0)


def test_model_parallel_early_stopping_restores_the_best_weights(model_parallel_runs):
    """EarlyStopping(monitor="loss", mode="max", patience=1, restore_best_weights=True): the first epoch is the
    best, training stops after the second, and the weights of the first come back (gathered whole at epoch 1,
    scattered at the end): those of a one-epoch run and of the one-process run; still sharded."""
    reference = model_parallel_runs["reference"]
    assert reference["early_stopping"]["epochs"] == 2 and reference["early_stopping"]["best_epoch"] == 0
    for result in model_parallel_runs["ranks"]:
        stopped = result["early_stopping"]
        assert stopped["epochs"] == 2 and stopped["best_epoch"] == 0
        _assert_weights_close(stopped["weights"], reference["early_stopping"]["weights"], atol=1e-6)
        _assert_weights_close(stopped["weights"], result["one_epoch_weights"], atol=0)
        assert stopped["shapes"] == _with_adam_slots(_HALF)


def test_model_parallel_save_best_only_decides_alike_on_every_rank(model_parallel_runs):
    """ModelCheckpoint(save_best_only=True) over 3 epochs: the falling loss is saved at every epoch, the rising one
    at the first only; rank 0 writes exactly the one-process run's files (same weights), rank 1 none, and both
    ranks train on to the one-process run's weights."""
    out, reference_out = model_parallel_runs["out"], model_parallel_runs["reference_out"]
    written = sorted(os.listdir(out / "rank0" / "best"))
    assert written == ["down-01.keras", "down-02.keras", "down-03.keras", "up-01.weights.h5"]
    assert written == sorted(os.listdir(reference_out / "rank0" / "best"))
    model = keras.saving.load_model(out / "rank0" / "best" / "down-03.keras")
    _assert_weights_close(model.get_weights(), model_parallel_runs["reference"]["best_weights"], atol=1e-5)
    model = _plain_model()
    model.load_weights(out / "rank0" / "best" / "up-01.weights.h5")
    reference_model = _plain_model()
    reference_model.load_weights(reference_out / "rank0" / "best" / "up-01.weights.h5")
    _assert_weights_close(model.get_weights(), reference_model.get_weights(), atol=1e-5)
    for result in model_parallel_runs["ranks"]:
        _assert_weights_close(result["best_weights"], model_parallel_runs["reference"]["best_weights"], atol=1e-5)


def test_model_parallel_bad_layout_stops_every_rank_at_build_with_the_weight_named(model_parallel_runs):
    for result in model_parallel_runs["ranks"]:
        error = result["bad_layout_error"]
        assert error.startswith("Weight 'mlp/dense_1/kernel' of shape (8, 3) cannot be split along mesh "
                                "axis 'model' (2 devices) on dimension 1, of size 3.")
        assert "Expected: a size divisible by 2. Received: axes=(None, 'model'), shape=(8, 3)" in error
    assert model_parallel_runs["reference"]["bad_layout_error"] is None  # one process: nothing is split


def test_model_parallel_weights_split_along_the_batch_axis(model_parallel_runs):
    """Mesh (2, 1), kernels `("batch", None)`: each replica stores half of every kernel's rows and trains on
    its half of each batch (49 samples: the last global batch of 1 leaves one replica without a sample)."""
    for result in model_parallel_runs["ranks"]:
        shapes = result["batch_axis_shapes"]
        assert shapes["mlp/dense/kernel"] == (2, 8) and shapes["mlp/dense_1/kernel"] == (4, 4)
        assert shapes["mlp/dense/bias"] == (8,) and shapes["mlp/dense_1/bias"] == (4,)  # not in the map: replicated
        assert shapes["adam/mlp_dense_kernel_velocity"] == (2, 8) and shapes["adam/mlp_dense_bias_velocity"] == (8,)
        _assert_weights_close(result["batch_axis_weights"], model_parallel_runs["reference"]["batch_axis_weights"],
                              atol=1e-5)


def test_model_built_before_the_distribution_is_adopted_from_rank_zero(tmp_path):
    """Built and trained one epoch alone on each rank (rank 1 from another seed), then trained under
    ModelParallel: rank 0's weights and Adam slots are scattered, and the run ends as one process's would."""
    ranks, _ = _torchrun("model_built_before_the_distribution", tmp_path)
    reference = _reference("model_built_before_the_distribution", tmp_path / "reference")
    for result in ranks:
        assert result["shapes"]["mlp/dense/kernel"] == (4, 4) and result["shapes"]["mlp/dense_1/kernel"] == (8, 2)
        assert result["shapes"]["adam/mlp_dense_kernel_momentum"] == (4, 4)
        assert result["shapes"]["mlp/dense/bias"] == (8,)  # replicated
        _assert_weights_close(result["weights"], reference["weights"], atol=1e-5)
        # Adam's slots, scattered with their weights, are read whole.
        _assert_weights_close(result["optimizer_weights"], reference["optimizer_weights"], atol=1e-5)
        assert result["summary"] == reference["summary"]


def test_model_parallel_reads_and_writes_whole_values(tmp_path):
    """Mesh (1, 2), kernels and biases split along "model", every process storing half of each: `count_params()`
    and `summary()` print the one-process numbers (before and after `fit`, with Adam's slots), `numpy()` /
    `np.asarray` / `convert_to_numpy` of a kernel return it whole, `assign` takes a whole value (each process keeps
    its half) and names the whole shape when refusing one, and the optimizer's `get_weights()` / `variables` /
    `save_own_variables()` are whole, as `set_weights()` takes them."""
    ranks, _ = _torchrun("model_parallel_reading", tmp_path)
    reference = _reference("model_parallel_reading", tmp_path / "reference")
    assert "Total params: 76 (304.00 B)" in reference["built"]["summary"]
    assert "Optimizer params: 154 (616.00 B)" in reference["trained"]["summary"]  # 2 x 76 slots, iteration, rate
    assigned = np.arange(32, dtype="float32").reshape(4, 8) / 10
    np.testing.assert_array_equal(reference["assigned"], assigned)
    for rank, result in enumerate(ranks):
        for stage in ("built", "trained"):
            assert result[stage]["summary"] == reference[stage]["summary"]
            assert result[stage]["count_params"] == reference[stage]["count_params"] == 76
            assert result[stage]["layer_counts"] == reference[stage]["layer_counts"] == [40, 36]
            assert result[stage]["global_shapes"] == reference[stage]["global_shapes"]
        for key in ("numpy", "asarray", "convert_to_numpy", "bias"):
            assert isinstance(result["read"][key], np.ndarray)
            np.testing.assert_array_equal(result["read"][key], reference["read"][key])
        assert result["read"]["repr"] == ("<Variable path=mlp/dense/kernel, shape=(4, 8), this process's "
                                          "piece=(4, 4), dtype=float32>")
        np.testing.assert_array_equal(result["assigned"], assigned)
        np.testing.assert_array_equal(result["assigned_piece"], assigned[:, rank * 4:(rank + 1) * 4])
        np.testing.assert_array_equal(result["assign_add"], reference["assign_add"])
        assert result["assign_error"] == reference["assign_error"] == (
            "Cannot assign a value of shape (4, 4) to variable 'mlp/dense/kernel' of shape (4, 8). "
            "Received: value.shape=(4, 4)")
        assert result["assign_add_error"] == (
            "Cannot add a value of shape (4, 3) to variable 'mlp/dense/kernel' of shape (4, 8). Expected: a value "
            "that broadcasts to (4, 8). Received: value.shape=(4, 3)")

        _assert_weights_close(result["weights"], reference["weights"], atol=1e-5)
        for key in ("optimizer_weights", "optimizer_variables", "optimizer_saved", "optimizer_set"):
            _assert_weights_close(result[key], reference[key], atol=1e-5)
        _assert_weights_close(result["optimizer_set"], [w * 2 for w in result["optimizer_weights"]], atol=0)
        slots = {path: shape for path, shape in _with_adam_slots(_HALF).items() if path.startswith("adam/")}
        assert result["optimizer_storage"] == slots  # set_weights kept the halves
        assert result["optimizer_set_error"] == ("Optimizer variable adam/mlp_dense_kernel_momentum has shape "
                                                 "(4, 8), not compatible with the provided weight. Received: "
                                                 "weight.shape=(4, 4)")
    assert reference["optimizer_set_error"] is None
    assert [w.shape for w in reference["optimizer_weights"]] == [(), ()] + [(4, 8)] * 2 + [(8,)] * 2 + \
        [(8, 4)] * 2 + [(4,)] * 2


def test_model_parallel_save_on_rank_zero_alone_fails_loudly(tmp_path):
    """A `model.save` that only rank 0 calls (a DataParallel habit) while rank 1 trains on: rank 0 stops after the
    timeout with the fix named, rank 1 with a collective error; nothing is written."""
    (first, second), elapsed = _launch_plain("model_parallel_rank_zero_saves_alone", tmp_path, timeout=5, ranks=(0, 1))
    assert first["error"].startswith("Process 0: not every process took part in a save of the sharded weights")
    assert "call it on every process (only rank 0 writes files)" in first["error"]
    assert "a collective operation failed" in second["error"]
    assert not first["written"] and first["seconds"] < 60 and second["seconds"] < 60 and elapsed < 90


def test_model_parallel_beyond_dense_matches_one_process(tmp_path):
    """A Functional model of Embedding, TimeDistributed(Dense) and LSTM (the LSTM's fused kernel reads its cell's
    weights in the LSTM's call, so the LSTM gathers them) on mesh (1, 2), and a subclassed model whose block
    builds its own layers on mesh (2, 1): pieces from creation, and fit / predict / evaluate as one process."""
    ranks, _ = _torchrun("model_parallel_layers", tmp_path)
    reference = _reference("model_parallel_layers", tmp_path / "reference")
    for result in ranks:
        shapes = result["functional_shapes"]
        assert shapes["embedding/embeddings"] == (16, 4) and shapes["time_distributed/step/kernel"] == (8, 4)
        assert shapes["lstm/lstm_cell/kernel"] == (8, 16) and shapes["lstm/lstm_cell/recurrent_kernel"] == (8, 16)
        assert shapes["lstm/lstm_cell/bias"] == (16,) and shapes["head/kernel"] == (8, 2)
        np.testing.assert_allclose(result["functional_predict_before"], reference["functional_predict_before"],
                                   atol=1e-6)
        for name, values in reference["functional_history"].items():
            np.testing.assert_allclose(result["functional_history"][name], values, rtol=1e-5, atol=1e-6)
        _assert_weights_close(result["functional_weights"], reference["functional_weights"], atol=1e-5)
        np.testing.assert_allclose(result["functional_predict"], reference["functional_predict"], atol=1e-5)

        shapes = result["subclassed_shapes"]
        assert shapes["net/embedding/embeddings"] == (8, 8) and shapes["net/block/inner/kernel"] == (4, 8)
        assert shapes["net/head/kernel"] == (4, 4)
        assert shapes["net/block/outer/kernel"] == (8, 8) and shapes["net/block/norm/gamma"] == (8,)  # replicated
        for name, values in reference["subclassed_history"].items():
            np.testing.assert_allclose(result["subclassed_history"][name], values, rtol=1e-5, atol=1e-6)
        _assert_weights_close(result["subclassed_weights"], reference["subclassed_weights"], atol=1e-5)
        for name, value in reference["subclassed_evaluate"].items():
            np.testing.assert_allclose(result["subclassed_evaluate"][name], value, rtol=1e-5, atol=1e-6)
        _assert_weights_close(result["train_on_batch_weights"], reference["train_on_batch_weights"], atol=1e-5)
        assert result["functional_summary"] == reference["functional_summary"]
        assert result["subclassed_summary"] == reference["subclassed_summary"]


def test_model_parallel_clipping_and_loss_scaling_match_one_process(tmp_path):
    """clipnorm and global_clipnorm measure whole gradients (a weight's pieces measured together), and a
    LossScaleOptimizer skips a step on every process when one process's piece of a gradient overflowed: on a
    mesh (1, 2) splitting columns and on a mesh (2, 1) splitting rows across two replicas, as one process."""
    ranks, _ = _torchrun("model_parallel_clipping", tmp_path)
    reference = _reference("model_parallel_clipping", tmp_path / "reference")
    for result in ranks:
        assert sorted(result) == sorted(reference)
        for key, expected in reference.items():
            if key.endswith("/history"):
                for name, values in expected.items():
                    np.testing.assert_allclose(result[key][name], values, rtol=1e-5, atol=1e-6, err_msg=key)
            elif key.endswith("weights") or key.endswith("/weights_after_skipped_step"):
                _assert_weights_close(result[key], expected, atol=1e-5)
            else:
                assert result[key] == expected, key
    assert reference["overflow/scale"] == 2.0**14, "the overflowing step was skipped, its scale halved"
    _assert_weights_close(reference["overflow/weights_after_skipped_step"], reference["overflow/initial_weights"],
                          atol=0)
    clipped, unclipped = reference["columns/clipnorm/weights"], reference["columns/global_clipnorm/weights"]
    assert not all(np.allclose(a, b) for a, b in zip(clipped, unclipped)), "the two clippings differ"


def test_model_parallel_backward_gathers_again_rather_than_keeping_whole_weights(tmp_path):
    """One training step of the 2-layer MLP: each of its 4 sharded weights is gathered once in the forward pass;
    the second kernel, which the backward pass needs (for the gradient of the first layer's output), is gathered
    again there instead of being kept whole in between. The step's result is one process's."""
    ranks, _ = _torchrun("model_parallel_step_gathers", tmp_path)
    reference = _reference("model_parallel_step_gathers", tmp_path / "reference")
    assert reference["calls"] == []  # one process: nothing sharded
    for result in ranks:
        assert result["calls"] == [("forward", (4, 8)), ("forward", (8,)), ("forward", (8, 4)), ("forward", (4,)),
                                   ("backward", (8, 4))]
        np.testing.assert_allclose(result["loss"], reference["loss"], rtol=1e-6)
        _assert_weights_close(result["weights"], reference["weights"], atol=1e-6)


@pytest.fixture(scope="module")
def data_parallel_best_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("dp_best")
    ranks, _ = _torchrun("data_parallel_best_checkpoints", out)
    reference_out = tmp_path_factory.mktemp("dp_best_reference")
    reference = _reference("data_parallel_best_checkpoints", reference_out)
    return {"ranks": ranks, "reference": reference, "out": out, "reference_out": reference_out}


def test_data_parallel_save_best_only_writes_on_rank_zero_at_the_right_epochs(data_parallel_best_runs):
    out, reference_out = data_parallel_best_runs["out"], data_parallel_best_runs["reference_out"]
    written = sorted(os.listdir(out / "rank0"))
    assert written == ["down-01.keras", "down-02.keras", "down-03.keras", "up-01.weights.h5"]
    assert written == sorted(os.listdir(reference_out / "rank0")) and os.listdir(out / "rank1") == []
    for name in ("down-01.keras", "down-03.keras"):
        model = keras.saving.load_model(out / "rank0" / name)
        reference_model = keras.saving.load_model(reference_out / "rank0" / name)
        _assert_weights_close(model.get_weights(), reference_model.get_weights(), atol=1e-5)
    for result in data_parallel_best_runs["ranks"]:
        _assert_weights_close(result["weights"], data_parallel_best_runs["reference"]["weights"], atol=1e-5)


def test_data_parallel_epoch_logs_are_summed_when_a_callback_reads_batch_logs(tmp_path):
    """The batch logs are lazy and cache what they read: an epoch's logs read from them after a callback did
    held this rank's own metrics (the History differed across ranks)."""
    ranks, _ = _torchrun("data_parallel_batch_logs_read", tmp_path)
    reference = _reference("data_parallel_batch_logs_read", tmp_path)
    first, second = ranks
    assert first["batches"] == 6 and first["history"] == second["history"]
    for name, values in reference["history"].items():
        np.testing.assert_allclose(first["history"][name], values, rtol=1e-5)


# ---------------------------------------------------------------------------------------------- ModelParallel, checks
def _two_device_model_parallel(layout, shape=(1, 2), axis_names=("batch", "model")):
    mesh = keras.distribution.DeviceMesh(shape, list(axis_names), devices=["cpu:0", "cpu:1"])
    layout_map = keras.distribution.LayoutMap(mesh)
    for key, axes in layout.items():
        layout_map[key] = axes
    return keras.distribution.ModelParallel(layout_map=layout_map)


def test_layout_map_names_the_key_of_an_unknown_axis():
    mesh = keras.distribution.DeviceMesh((1, 2), ["batch", "model"], devices=["cpu:0", "cpu:1"])
    layout_map = keras.distribution.LayoutMap(mesh)
    with pytest.raises(ValueError) as caught:
        layout_map[".*dense.*kernel"] = (None, "tensor")
    message = str(caught.value)
    assert "weights matching '.*dense.*kernel'" in message and "names mesh axes ['tensor']" in message
    assert "Expected: axis names from ['batch', 'model'] or None. Received: axes=(None, 'tensor')" in message


@pytest.mark.parametrize("axes, message", [
    ((None, "model"), "Weight 'outer/dense/kernel' of shape (4, 3) cannot be split along mesh axis 'model' (2 devices) "
                      "on dimension 1, of size 3. Expected: a size divisible by 2. Received: axes=(None, 'model'), "
                      "shape=(4, 3)"),
    (("model",), "The layout of weight 'outer/dense/kernel' has 1 entries but the weight has 2 dimensions (shape "
                 "(4, 3)). Expected: one entry per dimension, a mesh axis name or None. Received: axes=('model',)"),
    (("model", "model"), "The layout of weight 'outer/dense/kernel' uses mesh axis 'model' for more than one "
                         "dimension. Expected: each mesh axis at most once. Received: axes=('model', 'model')"),
])
def test_bad_layouts_name_the_weight(axes, message):
    from kerastorch.distribution._sharded_weights import ShardedModel

    distribution = _two_device_model_parallel({".*kernel": axes})
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="dense")], name="outer")
    with pytest.raises(ValueError) as caught:
        ShardedModel(distribution, model)
    assert str(caught.value) == message


def test_layout_on_another_mesh_is_refused():
    from kerastorch.distribution._sharded_weights import ShardedModel

    distribution = _two_device_model_parallel({})
    other = keras.distribution.DeviceMesh((2,), ["model"], devices=["cpu:0", "cpu:1"])
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="dense")], name="outer")
    model.layers[0].kernel._layout = keras.distribution.TensorLayout((None, "model"), other)
    with pytest.raises(ValueError, match=r"weight 'outer/dense/kernel' refers to another device mesh.*Received: "
                                         r"mesh \['model'\] of shape \(2,\)"):
        ShardedModel(distribution, model)


@pytest.mark.parametrize("setup, match", [
    (lambda m: m.compile(keras.optimizers.Lamb(), "mse"), r"elementwise.*Received: optimizer=Lamb"),
    (lambda m: m.compile(keras.optimizers.LossScaleOptimizer(keras.optimizers.Muon()), "mse"),
     r"elementwise.*Received: optimizer=Muon"),
    (lambda m: m.compile("sgd", "mse", jit_compile=True), r"Received: jit_compile=True"),
])
def test_what_sharded_weights_cannot_do_is_refused(setup, match):
    from kerastorch.distribution._sharded_weights import ShardedModel

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="dense")], name="outer")
    setup(model)
    checker = ShardedModel(_two_device_model_parallel({".*kernel": (None, "model")}), model)
    with pytest.raises(ValueError, match=match):
        checker.check_supported(model.optimizer, model.jit_compile)
    replicated = ShardedModel(_two_device_model_parallel({}), model)
    replicated.check_supported(model.optimizer, model.jit_compile)  # nothing sharded: DDP, no restriction


def test_regularized_sharded_weight_is_refused():
    from kerastorch.distribution._sharded_weights import ShardedModel

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, kernel_regularizer="l2", name="dense")],
                             name="outer")
    model.compile("adam", "mse")
    checker = ShardedModel(_two_device_model_parallel({".*kernel": (None, "model")}), model)
    with pytest.raises(ValueError, match=r"Weight 'outer/dense/kernel' is sharded by the LayoutMap and has a "
                                         r"regularizer"):
        checker.check_supported(model.optimizer, model.jit_compile)


def test_optimizer_slots_follow_their_own_weight():
    """Slots are matched to weights by Keras's slot names; the longest weight path wins."""
    from kerastorch.distribution import _sharded_weights

    layers = [keras.Input((4,)), keras.layers.Dense(2, name="d"), keras.layers.Dense(2, name="d_kernel")]
    model = keras.Sequential(layers, name="m")
    model.compile(keras.optimizers.Adam(name="adam"), "mse")
    model.optimizer.build(model.trainable_variables)
    checker = _sharded_weights.ShardedModel(_two_device_model_parallel({"m/d/kernel": (None, "model")}), model)
    sharded = [(v, s) for v, s in checker.weights if s.sharded]
    slots = [(slot.path, weight.path) for slot, weight, _ in _sharded_weights._slots(model, sharded)]
    assert slots == [("adam/m_d_kernel_momentum", "m/d/kernel"), ("adam/m_d_kernel_velocity", "m/d/kernel")]


@pytest.mark.parametrize("rank, rows, columns", [(0, (0, 2), (0, 3)), (1, (0, 2), (3, 6)), (2, (2, 4), (0, 3)),
                                                  (3, (2, 4), (3, 6))])
def test_each_process_keeps_its_slice_of_a_weight_split_on_two_mesh_axes(rank, rows, columns):
    """Mesh (2, 2) over ranks 0..3 (row-major), a (4, 6) weight laid out ("batch", "model"): rank r keeps the
    block at its mesh position; `set_weights` and loading cut it locally from the whole value."""
    from kerastorch.distribution._sharded_weights import Sharding

    mesh = keras.distribution.DeviceMesh((2, 2), ["batch", "model"], devices=[f"cpu:{i}" for i in range(4)])
    distribution = keras.distribution.ModelParallel(layout_map=keras.distribution.LayoutMap(mesh))
    distribution._process_id = rank
    sharding = Sharding(distribution, keras.distribution.TensorLayout(("batch", "model"), mesh), (4, 6))
    whole = torch.arange(24.0).reshape(4, 6)
    assert sharding.sharded and sharding.local_shape == (2, 3)
    np.testing.assert_array_equal(sharding.local_part(whole), whole[rows[0]:rows[1], columns[0]:columns[1]])
    replicated = Sharding(distribution, keras.distribution.TensorLayout((None, None), mesh), (4, 6))
    assert not replicated.sharded and replicated.summed_over_replicas
    np.testing.assert_array_equal(replicated.local_part(whole), whole)


def _piece_of_rank_one(whole, axes, name="kernel"):
    """A Variable as process 1 of mesh (1, 2) stores it under ModelParallel: its piece, marked with its sharding."""
    from kerastorch.backend.variable import Variable
    from kerastorch.distribution._sharded_weights import Sharding

    distribution = _two_device_model_parallel({})
    distribution._process_id = 1
    sharding = Sharding(distribution, keras.distribution.TensorLayout(axes, distribution.device_mesh), whole.shape)
    variable = Variable(sharding.local_part(whole).clone(), name=name, path=f"dense/{name}")
    variable._sharding = sharding
    return variable


def test_sharded_variable_speaks_of_the_whole_weight_and_writes_its_slice():
    """No communication needed: `global_shape`, `count_params`, `assign` and `assign_add` of whole values (process
    1 keeps columns 4..7), and errors naming the whole shape."""
    from kerastorch.utils import summary_utils

    whole = torch.arange(32.0).reshape(4, 8)
    kernel = _piece_of_rank_one(whole, (None, "model"))
    assert tuple(kernel.shape) == (4, 4) and kernel.global_shape == (4, 8)
    assert summary_utils.count_params([kernel]) == 32 and summary_utils.weight_memory_size([kernel]) == 128
    kernel.assign((whole * 2).numpy())
    np.testing.assert_array_equal(kernel.detach(), (whole * 2)[:, 4:])
    kernel.assign_add(torch.arange(8.0))  # broadcast over the rows: this process adds 4..7
    kernel.assign_sub(1.0)
    np.testing.assert_array_equal(kernel.detach(), (whole * 2 + torch.arange(8.0) - 1)[:, 4:])
    with pytest.raises(ValueError) as caught:
        kernel.assign(np.zeros((4, 4), "float32"))
    assert str(caught.value) == ("Cannot assign a value of shape (4, 4) to variable 'dense/kernel' of shape (4, 8). "
                                 "Received: value.shape=(4, 4)")
    with pytest.raises(ValueError, match=r"broadcasts to \(4, 8\). Received: value.shape=\(4, 3\)"):
        kernel.assign_add(np.zeros((4, 3), "float32"))
    # Inside a save (rank 0) or a load, the storage holds the whole weight for a moment: read and written as is.
    kernel.data = whole.clone()
    assert kernel.global_shape == (4, 8) and kernel._holding_piece() is None
    np.testing.assert_array_equal(kernel.numpy(), whole)


def test_optimizer_slots_of_a_sharded_weight_are_marked_and_set_from_whole_values():
    """Adam's moments of a sharded kernel store its piece and carry its sharding (the replicated bias's do not);
    `set_weights` takes whole arrays and keeps this process's slice; `count_params` counts whole slots."""
    from kerastorch.backend.variable import Variable
    from kerastorch.utils import summary_utils

    kernel = _piece_of_rank_one(torch.zeros(4, 8), (None, "model"))
    bias = Variable(torch.zeros(8), name="bias", path="dense/bias")
    optimizer = keras.optimizers.Adam(name="adam")
    optimizer.build([kernel, bias])
    marked = {v.path: getattr(v, "_sharding", None) is kernel._sharding for v in optimizer.variables}
    assert marked == {"adam/iteration": False, "adam/learning_rate": False, "adam/dense_kernel_momentum": True,
                      "adam/dense_kernel_velocity": True, "adam/dense_bias_momentum": False,
                      "adam/dense_bias_velocity": False}
    assert summary_utils.count_params(optimizer.variables) == 2 + 2 * 32 + 2 * 8
    whole = [np.array(3, "int32"), np.array(0.5, "float32")] + [
        np.arange(32, dtype="float32").reshape(4, 8) + k for k in (0, 100)] + [np.arange(8, dtype="float32")] * 2
    optimizer.set_weights(whole)
    np.testing.assert_array_equal(optimizer.variables[2].detach(), whole[2][:, 4:])
    np.testing.assert_array_equal(optimizer.variables[3].detach(), whole[3][:, 4:])
    np.testing.assert_array_equal(optimizer.variables[4].detach(), whole[4])
    assert optimizer.iterations.item() == 3
    with pytest.raises(ValueError, match=r"adam/dense_kernel_momentum has shape \(4, 8\).*weight.shape=\(4, 4\)"):
        optimizer.set_weights([w[..., :4] if w.ndim == 2 else w for w in whole])


def test_model_parallel_replica_comes_from_the_batch_axis_of_the_mesh():
    """Devices are numbered by rank; with the batch axis second, ranks 0 and 2 form replica 0."""
    mesh = keras.distribution.DeviceMesh((2, 2), ["model", "batch"], devices=[f"cpu:{i}" for i in range(4)])
    distribution = keras.distribution.ModelParallel(layout_map=keras.distribution.LayoutMap(mesh),
                                                    batch_dim_name="batch")
    assert [distribution._data_shard_of(rank) for rank in range(4)] == [0, 1, 0, 1]


# ---------------------------------------------------------------------------------------------- NCCL
@pytest.mark.skipif(torch.cuda.device_count() < 2, reason="NCCL needs at least 2 CUDA devices")
def test_data_parallel_with_nccl(tmp_path):
    ranks, _ = _torchrun("data_parallel", tmp_path)
    reference = _reference("data_parallel", tmp_path / "reference")
    for key in ("weights", "py_dataset_weights", "data_loader_weights", "resumed_weights"):
        _assert_weights_close(ranks[0][key], reference[key], atol=1e-5)
        _assert_weights_close(ranks[1][key], ranks[0][key], atol=0)
    assert ranks[0]["history"] == ranks[1]["history"]
    np.testing.assert_allclose(ranks[0]["predict"], reference["predict"], atol=1e-5)
