"""`python -m benchmarks [--rounds N] [--no-keras] [--write]`: run the benchmarks and print the table."""

import argparse
import datetime
import importlib
import os
import pathlib

# Real Keras is the comparison point on its torch backend; kerastorch accepts only that value too.
os.environ.setdefault("KERAS_BACKEND", "torch")

from benchmarks import harness

# Each workload module has `run(rounds, with_keras)` returning `[(name, {implementation: seconds})]`.
WORKLOADS = ["mlp", "cnn", "lstm", "transformer"]


def format_table(rows):
    lines = [
        "| workload | kerastorch (s) | torch loop (s) | keras on torch (s) | kerastorch / torch | keras / torch |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, times in rows:
        ours, loop = times["kerastorch"], times["torch loop"]
        keras_time = times.get("keras (torch backend)")
        keras_text = f"{keras_time:.3f}" if keras_time else "-"
        keras_ratio = f"{keras_time / loop:.2f}x" if keras_time else "-"
        lines.append(f"| {name} | {ours:.3f} | {loop:.3f} | {keras_text} | {ours / loop:.2f}x | {keras_ratio} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-keras", action="store_true", help="skip real Keras (when it is not installed)")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/README.md")
    parser.add_argument("--only", nargs="*", help="workload modules to run (default: all of WORKLOADS present)")
    args = parser.parse_args()
    rows = []
    for name in args.only or WORKLOADS:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            print(f"(workload '{name}' not present; skipped)")
            continue
        rows.extend(module.run(rounds=args.rounds, with_keras=not args.no_keras))
    table = format_table(rows)
    header = f"Measured {datetime.date.today()} on {harness.machine_description()}, median of {args.rounds} rounds."
    print(header)
    print(table)
    if args.write:
        path = pathlib.Path(__file__).with_name("README.md")
        path.write_text(
            "# Benchmarks\n\n`python -m benchmarks --write` times each workload for kerastorch, a hand-written PyTorch "
            "loop of the same model, loss, optimizer and data, and real Keras on its torch backend, alternating "
            "between them round by round, and rewrites the table below.\n\n" + header + "\n\n" + table + "\n"
        )


if __name__ == "__main__":
    main()
