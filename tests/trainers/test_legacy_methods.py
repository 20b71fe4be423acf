"""Keras 2's fit_generator / evaluate_generator / predict_generator delegate to fit / evaluate / predict with a
deprecation warning; predict_classes / predict_proba name their replacement."""

import numpy as np
import pytest

import kerastorch as keras

X = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
Y = (X[:, 0] > 0).astype("int32")


def _model():
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.layers.Dense(2, activation="softmax", input_shape=(4,))])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _batches(with_targets=True):
    while True:
        for start in range(0, 32, 8):
            yield (X[start:start + 8], Y[start:start + 8]) if with_targets else (X[start:start + 8],)


class _Batches(keras.utils.Sequence):
    def __len__(self):
        return 4

    def __getitem__(self, index):
        return X[index * 8:(index + 1) * 8], Y[index * 8:(index + 1) * 8]


def test_fit_generator_matches_fit_on_the_same_batches():
    reference = _model().fit(_batches(), steps_per_epoch=4, epochs=3, verbose=0, shuffle=False).history
    model = _model()
    with pytest.warns(UserWarning, match=r"`Model.fit_generator` is deprecated.*`Model.fit`") as record:
        history = model.fit_generator(_batches(), steps_per_epoch=4, epochs=3, verbose=0, max_queue_size=4,
                                      workers=2, use_multiprocessing=False)
    assert len(record) == 1  # no extra warning about shuffle: a plain generator is never shuffled
    np.testing.assert_allclose(history.history["loss"], reference["loss"], rtol=1e-6)
    assert len(history.history["accuracy"]) == 3


def test_fit_generator_accepts_a_sequence_and_validation_data():
    model = _model()
    with pytest.warns(UserWarning, match="fit_generator"):
        history = model.fit_generator(_Batches(), epochs=2, verbose=0, validation_data=(X, Y), shuffle=False)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]


def test_evaluate_and_predict_generator_match_evaluate_and_predict():
    model = _model()
    with pytest.warns(UserWarning, match=r"`Model.evaluate_generator` is deprecated.*`Model.evaluate`"):
        scores = model.evaluate_generator(_batches(), steps=4)
    np.testing.assert_allclose(scores, model.evaluate(X, Y, batch_size=8, verbose=0), rtol=1e-6)
    with pytest.warns(UserWarning, match=r"`Model.predict_generator` is deprecated.*`Model.predict`"):
        predictions = model.predict_generator(_batches(with_targets=False), steps=4)
    np.testing.assert_allclose(predictions, model.predict(X, batch_size=8, verbose=0), rtol=1e-6)


def test_predict_classes_and_predict_proba_name_the_replacement():
    model = _model()
    with pytest.raises(AttributeError, match=r"np\.argmax\(model\.predict\(x\), axis=-1\).*Received: "
                                             r"Sequential\.predict_classes"):
        model.predict_classes(X)
    with pytest.raises(AttributeError, match=r"`model\.predict\(x\)` already returns the probabilities"):
        model.predict_proba(X)
    # As in Keras 3 the attributes do not exist, so version checks written with hasattr keep working.
    assert not hasattr(model, "predict_classes") and not hasattr(model, "predict_proba")


def test_ordinary_attribute_lookups_still_reach_torch():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(inputs))
    assert model.get_layer("head").kernel.shape == (4, 2)
    with pytest.raises(AttributeError, match="no_such_attribute"):
        model.no_such_attribute
