import csv

import numpy as np

import kerastorch as keras
from tests.callbacks.conftest import make_model


def _rows(path, separator=","):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=separator))


def test_writes_one_row_per_epoch_with_sorted_columns(tmp_path, data):
    x, y = data
    path = tmp_path / "log.csv"
    model = make_model()
    history = model.fit(x, y, epochs=3, verbose=0, validation_split=0.25, callbacks=[keras.callbacks.CSVLogger(path)])
    rows = _rows(path)
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [r[0] for r in rows[1:]] == ["0", "1", "2"]
    np.testing.assert_array_equal([float(r[1]) for r in rows[1:]], history.history["loss"])
    np.testing.assert_array_equal([float(r[4]) for r in rows[1:]], history.history["val_mae"])
    assert open(path, newline="").read().count("\r\n") == 4  # csv's excel dialect, as Keras writes


def test_without_validation_val_columns_are_na_and_separator_is_used(tmp_path, data):
    x, y = data
    path = tmp_path / "log.tsv"
    model = make_model()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, separator="\t")])
    rows = _rows(path, "\t")
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert rows[1][3:] == ["NA", "NA"]


def test_append_continues_without_a_second_header(tmp_path, data):
    x, y = data
    path = tmp_path / "log.csv"
    model = make_model()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.CSVLogger(path)])
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, append=True)])
    rows = _rows(path)
    assert [r[0] for r in rows] == ["epoch", "0", "1", "0", "1"]
    model.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.CSVLogger(path)])
    assert [r[0] for r in _rows(path)] == ["epoch", "0"]


def test_array_values_are_written_as_lists(tmp_path):
    logger = keras.callbacks.CSVLogger(tmp_path / "log.csv")
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "val_loss": np.array([1, 2])})
    logger.on_train_end()
    # Keras quotes the list itself, and the csv module quotes those quotes again.
    assert _rows(tmp_path / "log.csv")[1] == ["0", "0.5", '"[1, 2]"']
