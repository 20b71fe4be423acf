"""Import time: `python -c "import torch"` against `python -c "import torch, kerastorch"`, each in a fresh
process, alternating, median of at least 5 of each. The difference is what `import kerastorch` adds.

The processes run with bytecode caching on, as an installed package does (pip compiles its modules at install):
where `PYTHONDONTWRITEBYTECODE` is set, every import would otherwise time the compiler on all of kerastorch's
sources (about 0.25 s of a 0.45 s import here)."""

import os
import statistics
import subprocess
import sys
import time

from benchmarks import harness

TARGET_SECONDS = 0.5


_ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _time_fresh_process(statement):
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, capture_output=True, env=_ENVIRONMENT)
    return time.perf_counter() - start


def run(rounds=3, with_keras=True):
    del with_keras
    statements = {"torch": "import torch", "kerastorch": "import torch, kerastorch"}
    _time_fresh_process(statements["kerastorch"])  # warm the file system cache for both, write the bytecode
    samples = {name: [] for name in statements}
    for _ in range(max(5, rounds)):
        for name, statement in statements.items():
            samples[name].append(_time_fresh_process(statement))
    torch_alone, with_kerastorch = (statistics.median(samples[name]) for name in statements)
    added = with_kerastorch - torch_alone
    return [harness.Finding(
        name="import time, fresh processes",
        measured=f"`import torch` {torch_alone:.2f} s, `import torch, kerastorch` {with_kerastorch:.2f} s: "
                 f"kerastorch adds {added:.2f} s (median of {len(samples['torch'])})",
        target=f"kerastorch adds under {TARGET_SECONDS} s",
        met=added < TARGET_SECONDS,
    )]
