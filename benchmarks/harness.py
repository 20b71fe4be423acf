"""Timing and memory helpers shared by the workloads.

`alternate` runs the implementations round by round, so drift on the machine hits them all alike, and reports for
each the fastest (or, with `STATISTIC = "median"`, the median) time of a call and the peak memory of one more,
untimed, call. The hand-written PyTorch loop the
workloads compare against is in `torch_loop.py`.
"""

import ctypes
import dataclasses
import gc
import math
import os
import platform
import statistics
import threading
import time

import torch

# Implementation names shared by the workloads; the table's ratios divide by the first two's times.
KERASTORCH = "kerastorch"
TORCH_LOOP = "torch loop"
KERAS = "keras (torch backend)"
JIT = "kerastorch, jit_compile=True"
FLOAT32 = "kerastorch, float32"  # the float32 reference timed beside a mixed precision row

# How a candidate's rounds become one figure. "min": other processes on the machine only ever add time to a round,
# so the fastest round is the least disturbed one (the reasoning of Python's `timeit`); "median" instead.
STATISTICS = {"min": min, "median": statistics.median}
STATISTIC = "min"
# A short call (a predict of 0.1 s) is timed over more rounds, so that a moment of interference weighs on it no
# more than on a long one.
MIN_TIMED_SECONDS = 2.0
MAX_ROUNDS_FACTOR = 8


@dataclasses.dataclass
class Measurement:
    """One implementation in one row: the seconds per call (the `STATISTIC` of its rounds), and the peak memory a call needed above what
    the process held when it began, in bytes (None where it cannot be measured: no /proc, or no GPU)."""

    seconds: float
    host_peak: int | None
    cuda_peak: int | None


@dataclasses.dataclass
class Row:
    """One workload: `steps` batches and `samples` samples per timed call, measured for each implementation."""

    name: str
    steps: int
    samples: int
    results: dict[str, Measurement]


@dataclasses.dataclass
class Finding:
    """A measured property with a target, printed under the table: what was measured, the figures, the target,
    and whether it was met."""

    name: str
    measured: str
    target: str
    met: bool


def steps(samples, batch_size):
    return math.ceil(samples / batch_size)


def default_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def synchronize():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


# ---------------------------------------------------------------------------------------------------- memory
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss():
    """This process's resident set size in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE_SIZE


class HostPeak:
    """The peak resident set size (RSS) of this process during a call, above the RSS when the call began.

    On Linux the kernel keeps the high-water mark (`VmHWM` in /proc/self/status) and writing "5" to
    /proc/self/clear_refs resets it to the current RSS (Linux >= 4.0): the peak is exact, costs nothing during the
    call and needs no thread competing with the workload for the interpreter lock. Where that file is not
    writable, a background thread samples /proc/self/statm every millisecond instead (it can miss a short spike).
    Elsewhere (no /proc) the peak is not measured.

    RSS counts the pages the process holds, including free ones its allocator kept: `peak_memory_once` hands those
    back first, so the figure is what the call itself allocated at its peak.
    """

    def __init__(self):
        self.method = self._pick_method()
        self._start = None
        self._sampled = 0
        self._stop = None
        self._thread = None

    @staticmethod
    def _pick_method():
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            return "high-water mark"
        except OSError:
            return "sampled" if os.path.exists("/proc/self/statm") else None

    @staticmethod
    def _high_water_mark():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        raise OSError("VmHWM missing from /proc/self/status")

    def start(self):
        if self.method == "high-water mark":
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        if self.method is not None:
            self._start = self._sampled = rss()
        if self.method == "sampled":
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()

    def _sample(self):
        while not self._stop.wait(0.001):
            self._sampled = max(self._sampled, rss())

    def stop(self):
        """The peak increase in bytes since `start`, or None."""
        if self.method == "high-water mark":
            return max(0, self._high_water_mark() - self._start)
        if self.method == "sampled":
            self._stop.set()
            self._thread.join()
            return max(0, max(self._sampled, rss()) - self._start)
        return None


class CudaPeak:
    """`torch.cuda.max_memory_allocated` during a call, above `memory_allocated` when it began (the models and
    data of the other implementations stay allocated in the same process, so the absolute peak would count them)."""

    def start(self):
        if torch.cuda.is_available():
            torch.cuda.reset_peak_memory_stats()
            self._start = torch.cuda.memory_allocated()

    def stop(self):
        if not torch.cuda.is_available():
            return None
        return torch.cuda.max_memory_allocated() - self._start


def release_free_host_memory():
    """Collects garbage and asks glibc to hand its free heap pages back to the system, so that the next call's RSS
    grows by what that call allocates rather than reusing pages an earlier call (of any implementation) left."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _glibc()


def time_once(fn):
    synchronize()
    start = time.perf_counter()
    fn()
    synchronize()
    return time.perf_counter() - start


def peak_memory_once(fn):
    """Runs `fn` once, untimed: (host peak bytes, CUDA peak bytes) above what was held when it began."""
    release_free_host_memory()
    host, cuda = HostPeak(), CudaPeak()
    synchronize()
    host.start()
    cuda.start()
    fn()
    synchronize()
    return host.stop(), cuda.stop()


def alternate(candidates, rounds, warmup=1):
    """`candidates` maps a name to a zero-argument callable; returns name -> `Measurement`.

    Each candidate is called `warmup` times (optimizer state, compilation), then the candidates take turns for
    `rounds` timed calls, more for short calls (until each has been timed for `MIN_TIMED_SECONDS`, at most
    `MAX_ROUNDS_FACTOR * rounds`): their `STATISTIC` is reported. Then each makes one more call, untimed, for its
    peak memory: measuring memory apart keeps the probes and the released pages out of the timings.
    """
    for fn in candidates.values():
        for _ in range(warmup):
            fn()
    seconds = {name: [] for name in candidates}
    done = 0
    while done < rounds or (done < MAX_ROUNDS_FACTOR * rounds
                            and min(sum(times) for times in seconds.values()) < MIN_TIMED_SECONDS):
        for name, fn in candidates.items():
            seconds[name].append(time_once(fn))
        done += 1
    results = {}
    for name, fn in candidates.items():
        host_peak, cuda_peak = peak_memory_once(fn)
        results[name] = Measurement(STATISTICS[STATISTIC](seconds[name]), host_peak, cuda_peak)
    return results


# ---------------------------------------------------------------------------------------------------- precision
def _cpu_has_bfloat16_units():
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


MIXED_ON_CPU = False  # set by `python -m benchmarks --mixed-on-cpu`


def mixed_precision_policies(device):
    """The mixed precision policies worth timing on `device`: both on CUDA (bfloat16 where the GPU has it); on a
    CPU only when asked (`MIXED_ON_CPU`), and only mixed_bfloat16 on a CPU with bfloat16 instructions."""
    if device.type == "cuda":
        return ["mixed_float16", *(["mixed_bfloat16"] if torch.cuda.is_bf16_supported() else [])]
    return ["mixed_bfloat16"] if MIXED_ON_CPU and _cpu_has_bfloat16_units() else []


# ---------------------------------------------------------------------------------------------------- machine
def machine_description():
    threads = f"{torch.get_num_threads()} torch threads"
    if torch.cuda.is_available():
        return f"{torch.cuda.get_device_name()} (torch {torch.__version__})"
    return (f"CPU, {os.cpu_count()} cores, {platform.processor() or platform.machine()}, {threads} "
            f"(torch {torch.__version__})")


def fit_and_predict_rows(title, data, workload, rounds, with_keras):
    """The fit rows (float32 with a jit_compile candidate, then each mixed precision policy against float32 timed
    in the same rounds) and the predict row of one workload module.

    `data` is `(x, y, samples, batch_size, predict_batch_size, fit_detail)`; `workload` provides
    `kerastorch_model(policy=None, jit_compile="auto")`, `keras_model(policy=None)` and `TorchLoop(x, y, device,
    policy)`."""
    x, y, samples, batch_size, predict_batch_size, fit_detail = data
    device = default_device()
    rows = []
    for policy in [None, *mixed_precision_policies(device)]:
        loop = workload.TorchLoop(x, y, device, policy)
        ours = workload.kerastorch_model(policy)
        theirs = workload.keras_model(policy) if with_keras else None
        fit = {KERASTORCH: lambda: ours.fit(x, y, batch_size=batch_size, epochs=1, verbose=0),
               TORCH_LOOP: lambda: loop.epoch(batch_size)}
        if theirs is not None:
            fit[KERAS] = lambda: theirs.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
        if policy:
            # Mixed precision is worth having only if it beats float32: time float32 kerastorch in the same rounds.
            reference = workload.kerastorch_model()
            fit[FLOAT32] = lambda: reference.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
        else:
            compiled = workload.kerastorch_model(jit_compile=True)
            fit[JIT] = lambda: compiled.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
        label = f", {policy}" if policy else ""
        name = f"{title} fit{label}, {fit_detail}, batch {batch_size}"
        rows.append(Row(name, steps(samples, batch_size), samples, alternate(fit, rounds)))
        if policy:
            continue
        predict = {KERASTORCH: lambda: ours.predict(x, batch_size=predict_batch_size, verbose=0),
                   TORCH_LOOP: lambda: loop.predict(predict_batch_size)}
        if theirs is not None:
            predict[KERAS] = lambda: theirs.predict(x, batch_size=predict_batch_size, verbose=0)
        rows.append(Row(f"{title} predict, batch {predict_batch_size}", steps(samples, predict_batch_size), samples,
                        alternate(predict, rounds)))
    return rows

