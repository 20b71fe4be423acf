"""`python -m benchmarks [--only NAME ...] [--rounds N] [--no-keras] [--mixed-on-cpu] [--threads N] [--write]`:
run the benchmarks, print the table of speed and memory and the findings under it."""

import argparse
import datetime
import importlib
import math
import os
import pathlib
import re
import sys

# Real Keras is the comparison point on its torch backend; kerastorch accepts only that value too.
os.environ.setdefault("KERAS_BACKEND", "torch")

import torch

from benchmarks import harness

# Each module has `run(rounds, with_keras)` returning a list of `harness.Row` (timed workloads, in the table) or
# `harness.Finding` (properties with a target, listed under it).
WORKLOADS = ["mlp", "cnn", "lstm", "transformer"]
CHECKS = ["memory_flat", "import_time"]

README_SECTION = "## Latest run"


def _significant(value, digits=3):
    """`value` with `digits` significant digits and no exponent (0.0123, 1.23, 123)."""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


def _mib(value):
    return "-" if value is None else f"+{value / 2**20:.1f}"


def format_table(rows):
    """One line per implementation per workload: time per step, throughput, time relative to the torch loop and
    to real Keras in the same row, and the peak memory a call needed."""
    with_cuda = any(m.cuda_peak is not None for row in rows for m in row.results.values())
    header = ["workload", "implementation", "ms / step", "samples / s", "time ÷ torch loop", "time ÷ keras",
              "peak RSS (MiB)"] + (["peak CUDA (MiB)"] if with_cuda else [])
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in rows:
        loop = row.results.get(harness.TORCH_LOOP)
        keras = row.results.get(harness.KERAS)
        for i, (implementation, m) in enumerate(row.results.items()):
            cells = [
                f"{row.name} ({row.steps} step{'s' if row.steps != 1 else ''})" if i == 0 else "",
                implementation,
                _significant(1000 * m.seconds / row.steps),
                f"{row.samples / m.seconds:,.0f}",
                f"{m.seconds / loop.seconds:.2f}x" if loop else "-",
                f"{m.seconds / keras.seconds:.2f}x" if keras else "-",
                _mib(m.host_peak),
            ] + ([_mib(m.cuda_peak)] if with_cuda else [])
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def findings_from_rows(rows):
    """The issue's speed targets read off the table: jit_compile=True against eager, mixed precision against
    float32 (each timed in the same rounds as its reference)."""
    findings = []
    for row in rows:
        ours = row.results.get(harness.KERASTORCH)
        if harness.JIT in row.results:
            ratio = row.results[harness.JIT].seconds / ours.seconds
            findings.append(harness.Finding(f"jit_compile=True, {row.name}", f"{ratio:.2f}x the eager time",
                                            "faster than eager", ratio < 1))
        if harness.FLOAT32 in row.results:
            ratio = ours.seconds / row.results[harness.FLOAT32].seconds
            findings.append(harness.Finding(row.name, f"{ratio:.2f}x the float32 time", "faster than float32",
                                            ratio < 1))
    return findings


def format_findings(findings):
    return "\n".join(
        f"- {'met' if f.met else 'NOT met'}: {f.name}: {f.measured} (target: {f.target})" for f in findings
    )


def with_latest_run(text, section):
    """`text` with its latest-run section (from that heading to the next `## ` heading) replaced by `section`, or
    with `section` appended when it has none."""
    pattern = re.compile(rf"^{re.escape(README_SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    return text.rstrip("\n") + "\n\n" + section


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per workload")
    parser.add_argument("--statistic", choices=sorted(harness.STATISTICS), default=harness.STATISTIC,
                        help="how the rounds become one time: the fastest (default) or the median")
    parser.add_argument("--no-keras", action="store_true", help="skip real Keras (when it is not installed)")
    parser.add_argument("--mixed-on-cpu", action="store_true",
                        help="time mixed_bfloat16 on a CPU with bfloat16 instructions (always timed on CUDA)")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    parser.add_argument("--write", action="store_true", help=f"write the results under '{README_SECTION}' in README.md")
    parser.add_argument("--only", nargs="*", metavar="NAME",
                        help=f"modules to run (default: all of {WORKLOADS + CHECKS})")
    args = parser.parse_args()
    harness.MIXED_ON_CPU = args.mixed_on_cpu
    harness.STATISTIC = args.statistic
    if args.threads:
        torch.set_num_threads(args.threads)
    rows, findings = [], []
    for name in args.only or WORKLOADS + CHECKS:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            print(f"(module '{name}' not present; skipped)")
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for result in module.run(rounds=args.rounds, with_keras=not args.no_keras):
            (rows if isinstance(result, harness.Row) else findings).append(result)
    findings = findings_from_rows(rows) + findings
    statistic = "fastest" if args.statistic == "min" else "median"
    header = (f"Measured {datetime.date.today()} on {harness.machine_description()}: {statistic} time of {args.rounds} "
              f"round(s) after one warm-up call each; peak memory of one more, untimed, call above what the process "
              f"held when it began (RSS: {harness.HostPeak().method or 'not measured'}).")
    parts = [header]
    if rows:
        parts.append(format_table(rows))
    if findings:
        parts.append(format_findings(findings))
    report = "\n\n".join(parts)
    print(report)
    if args.write:
        path = pathlib.Path(__file__).with_name("README.md")
        path.write_text(with_latest_run(path.read_text(), f"{README_SECTION}\n\n{report}\n"))


if __name__ == "__main__":
    main()
