"""`CSVLogger`: writes one CSV row of logs per epoch."""

import collections.abc
import csv
import os

import numpy as np

from kerastorch.callbacks.callback import Callback
from kerastorch.distribution import _runtime


def _csv_value(value):
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        return f'"[{", ".join(map(str, value))}]"'
    return value


class CSVLogger(Callback):
    """Streams each epoch's logs to a CSV file: an `epoch` column, then the log keys sorted.

    When the first epoch has no validation keys, `val_<key>` columns are still added (left `NA`), as in Keras,
    so a later epoch that validates fits the header. The file is flushed after every row, so it can be read
    while training runs.

    Args:
        filename: Path of the CSV file, e.g. `"run/log.csv"`.
        separator: The column separator. Defaults to `","`.
        append: True appends to an existing file (to continue a run), without repeating its header;
            False overwrites it. Defaults to `False`.

    Example:

    >>> model.fit(x, y, epochs=3, callbacks=[keras.callbacks.CSVLogger("training.log")])
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if not _runtime.is_chief():  # under keras.distribution, only rank 0 writes
            return
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        # newline="" lets the csv module choose line endings ("\r\n", as Keras's files have).
        self.csv_file = open(self.filename, mode, newline="")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        if self.csv_file is None or self.csv_file.closed:
            return  # not rank 0 under keras.distribution
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys.extend([f"val_{key}" for key in self.keys])
        if not self.writer:
            dialect = type("_Dialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys, dialect=dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
