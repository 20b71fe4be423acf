import kerastorch as keras
from tests.callbacks.conftest import make_model


def test_calls_each_function_at_its_hook(data):
    x, y = data
    events = []
    callback = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: events.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: events.append(f"epoch_begin {epoch}"),
        on_train_batch_begin=lambda batch, logs: events.append(f"batch_begin {batch}"),
        on_train_batch_end=lambda batch, logs: events.append(f"batch_end {batch} {sorted(logs)}"),
        on_epoch_end=lambda epoch, logs: events.append(f"epoch_end {epoch} {sorted(logs)}"),
        on_train_end=lambda logs: events.append("train_end"),
        on_test_end=lambda logs: events.append("test_end"),
        tag="mine",
    )
    make_model().fit(x[:32], y[:32], epochs=2, batch_size=16, verbose=0, callbacks=[callback],
                     validation_data=(x[32:], y[32:]))
    assert callback.tag == "mine"
    assert events == [
        "train_begin",
        "epoch_begin 0", "batch_begin 0", "batch_end 0 ['loss', 'mae']", "batch_begin 1",
        "batch_end 1 ['loss', 'mae']", "test_end", "epoch_end 0 ['loss', 'mae', 'val_loss', 'val_mae']",
        "epoch_begin 1", "batch_begin 0", "batch_end 0 ['loss', 'mae']", "batch_begin 1",
        "batch_end 1 ['loss', 'mae']", "test_end", "epoch_end 1 ['loss', 'mae', 'val_loss', 'val_mae']",
        "train_end",
    ]
