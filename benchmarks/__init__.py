"""Speed benchmarks: kerastorch against a hand-written PyTorch loop and against real Keras on torch.

Run `python -m benchmarks --help`. Numbers are written to benchmarks/README.md; tests never time anything.
"""
