"""Timing helpers: alternate implementations round by round so drift on the machine hits them all alike,
and report medians."""

import statistics
import time

import torch


def synchronize():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def time_once(fn):
    synchronize()
    start = time.perf_counter()
    fn()
    synchronize()
    return time.perf_counter() - start


def alternate(candidates, rounds, warmup=1):
    """`candidates` maps a name to a zero-argument callable; returns name -> median seconds over `rounds`."""
    for fn in candidates.values():
        for _ in range(warmup):
            fn()
    samples = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            samples[name].append(time_once(fn))
    return {name: statistics.median(values) for name, values in samples.items()}


def machine_description():
    import os
    import platform

    if torch.cuda.is_available():
        return f"{torch.cuda.get_device_name()} (torch {torch.__version__})"
    return f"CPU, {os.cpu_count()} cores, {platform.processor() or platform.machine()} (torch {torch.__version__})"
