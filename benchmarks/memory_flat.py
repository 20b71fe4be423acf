"""Memory across epochs: kerastorch fits the MLP for 4 epochs at batch 32 (1 875 steps each) and reads the
process's RSS (after a garbage collection and `malloc_trim`, so that free pages the allocator kept are not counted)
and, on CUDA, `torch.cuda.memory_allocated` after each epoch. Whatever the first epoch allocates
(optimizer slots, metric state, allocator pools) should stay constant after it: the growth after epoch 1 is the
figure reported. `tests/trainers/test_memory_stays_flat.py` checks the same thing exactly, on live tensors.
"""

import torch

from benchmarks import harness
from benchmarks import mlp

EPOCHS = 4
BATCH_SIZE = 32
# With the free heap handed back before each reading the RSS stays within 0.1 MiB; keeping one detached float32
# scalar per step (the tensor object and its storage) grows it by about 0.9 MiB an epoch, a kept graph by far more.
TOLERANCE_MIB = 1.0


def run(rounds=3, with_keras=True):
    del rounds, with_keras  # one 4-epoch fit; nothing is timed
    x, y = mlp.make_data()
    model = mlp.kerastorch_model()
    import kerastorch

    host, cuda = [], []

    class AfterEachEpoch(kerastorch.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            harness.release_free_host_memory()  # what is left is what the process still uses
            host.append(harness.rss())
            if torch.cuda.is_available():
                torch.cuda.synchronize()
                cuda.append(torch.cuda.memory_allocated())

    model.fit(x, y, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=0, callbacks=[AfterEachEpoch()])
    findings = []
    name = f"memory flat across epochs (kerastorch, MLP fit, batch {BATCH_SIZE}, {EPOCHS} epochs)"
    # The CUDA caching allocator counts live tensors exactly: there, no growth means none at all.
    for label, values, tolerance in (("RSS", host, TOLERANCE_MIB), ("CUDA allocated", cuda, 0)):
        if not values:
            continue
        growth = round((max(values[1:]) - values[0]) / 2**20, 2) + 0.0  # + 0.0: no "-0.00"
        after_each = ", ".join(f"{v / 2**20:.1f}" for v in values)
        findings.append(harness.Finding(
            name=name,
            measured=f"{label} after each epoch {after_each} MiB; growth after epoch 1 {growth:+.2f} MiB",
            target="no growth after epoch 1" + (f" (within {tolerance} MiB)" if tolerance else ""),
            met=growth <= tolerance,
        ))
    return findings
