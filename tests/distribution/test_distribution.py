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


def _torchrun(scenario, out, nproc=2):
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(nproc),
               "--master_addr", "127.0.0.1", "--master_port", str(_free_port()), WORKER, scenario, str(out)]
    done = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=LAUNCH_TIMEOUT)
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
def _launch_plain(scenario, out, timeout, **extra):
    """Two plain processes (no torchrun agent to kill the survivor): rank 0's own error handling is tested."""
    port = str(_free_port())
    processes = []
    for rank in (0, 1):
        env = _env(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE="2", MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=port, TEST_TIMEOUT=str(timeout), **extra)
        processes.append(subprocess.Popen([sys.executable, WORKER, scenario, str(out)], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    start = time.time()
    try:
        processes[0].wait(timeout=LAUNCH_TIMEOUT)
    finally:
        elapsed = time.time() - start
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    return pickle.load(open(os.path.join(out, "result0.pkl"), "rb")), elapsed


@pytest.mark.parametrize("mode", ["crash", "hang"])
def test_a_failed_rank_stops_the_others_with_a_clear_error(tmp_path, mode):
    """Rank 1 dies (os._exit) or hangs mid-epoch; rank 0 raises instead of waiting forever."""
    result, elapsed = _launch_plain("crash", tmp_path, timeout=5, CRASH_MODE=mode)
    assert result["error"] is not None
    assert "a collective operation failed" in result["error"] and "Received: RuntimeError" in result["error"]
    assert result["seconds"] < 30 and elapsed < 60


# ---------------------------------------------------------------------------------------------- ModelParallel
def test_model_parallel_on_two_cpu_ranks(tmp_path):
    ranks, _ = _torchrun("model_parallel", tmp_path)
    reference = _reference("model_parallel", tmp_path / "reference")
    first, second = ranks
    # The layout resolves to a torch DTensor split along the model axis (columns 8 -> 4 per rank).
    assert first["layout"] == second["layout"] == ((None, "model"), (4, 4))
    assert first["history"] == second["history"]
    for result in ranks:
        _assert_weights_close(result["weights"], reference["weights"], atol=1e-5)
        np.testing.assert_allclose(result["history"]["loss"], reference["history"]["loss"], rtol=1e-5)
        np.testing.assert_allclose(result["predict"], reference["predict"], atol=1e-5)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)])
    model.load_weights(tmp_path / "mp.weights.h5")
    _assert_weights_close([np.array(w) for w in model.get_weights()], reference["weights"], atol=1e-5)


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
