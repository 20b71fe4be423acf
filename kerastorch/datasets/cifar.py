"""Reading one batch file of the CIFAR datasets (a pickled dict in the original Python format)."""

import pickle

from kerastorch.datasets._npz import RestrictedUnpickler


def load_batch(fpath, label_key="labels"):
    """The images `(n, 3, 32, 32)` uint8 and the labels under `label_key` of one CIFAR batch file.

    The file is unpickled with an unpickler that only rebuilds NumPy arrays, so a tampered download cannot
    run code.
    """
    with open(fpath, "rb") as handle:
        try:
            content = RestrictedUnpickler(handle, encoding="bytes").load()
        except pickle.UnpicklingError as error:
            raise ValueError(f"Could not read the CIFAR batch file {fpath} ({error}) Delete it and load again. "
                             f"Received: fpath={fpath}") from error
    content = {key.decode("utf8") if isinstance(key, bytes) else key: value for key, value in content.items()}
    data = content["data"]
    return data.reshape(data.shape[0], 3, 32, 32), content[label_key]
