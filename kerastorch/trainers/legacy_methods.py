"""Keras 2 model methods that old scripts still call: `fit_generator`, `evaluate_generator`,
`predict_generator`, and the removed `predict_classes` / `predict_proba`.

The `*_generator` methods were deprecated in Keras 2.4 (fit, evaluate and predict accept generators and
`keras.utils.Sequence` / `PyDataset` themselves) and removed in Keras 3. Here they delegate to fit, evaluate
and predict after the same deprecation warning Keras 2 gave, a `UserWarning` so that it shows by default.
Their queueing arguments (`max_queue_size`, `workers`, `use_multiprocessing`) are accepted and ignored: in
Keras 3 parallel loading is configured on the `PyDataset` itself.

`predict_classes` and `predict_proba` were removed in TensorFlow 2.6 rather than deprecated; asking for them
raises an AttributeError (so `hasattr(model, "predict_classes")` stays False, as with real Keras 3) whose
message gives the replacement.
"""

import warnings

_REMOVED = {
    "predict_classes": (
        "`model.predict_classes()` was removed in Keras 2.6. For a softmax output use "
        "`np.argmax(model.predict(x), axis=-1)`; for a single sigmoid output use "
        "`(model.predict(x) > 0.5).astype('int32')`."
    ),
    "predict_proba": (
        "`model.predict_proba()` was removed in Keras 2.6: `model.predict(x)` already returns the probabilities "
        "when the last layer is a softmax or sigmoid."
    ),
}


def _warn_deprecated(name, replacement):
    warnings.warn(
        f"`Model.{name}` is deprecated and will be removed in a future version. Use `Model.{replacement}`, which "
        "accepts generators and `keras.utils.PyDataset` / `Sequence` objects directly.",
        UserWarning,
        stacklevel=3,
    )


class LegacyMethodsMixin:
    """Adds Keras 2's generator methods to `Model`, and clear errors for its removed prediction helpers."""

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1, callbacks=None,
                      validation_data=None, validation_steps=None, validation_freq=1, class_weight=None,
                      max_queue_size=10, workers=1, use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """Deprecated: `fit(generator, ...)` with the same arguments (the queueing ones are ignored)."""
        _warn_deprecated("fit_generator", "fit")
        # Keras 2 ignored `shuffle` for plain generators without a word; only a Sequence / PyDataset (indexable)
        # can be shuffled, so fit is told to shuffle only then (it warns otherwise).
        shuffle = bool(shuffle) and hasattr(generator, "__getitem__") and hasattr(generator, "__len__")
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs, verbose=verbose,
                        callbacks=callbacks, validation_data=validation_data, validation_steps=validation_steps,
                        validation_freq=validation_freq, class_weight=class_weight, shuffle=shuffle,
                        initial_epoch=initial_epoch)

    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                           use_multiprocessing=False, verbose=0):
        """Deprecated: `evaluate(generator, ...)` with the same arguments (the queueing ones are ignored)."""
        _warn_deprecated("evaluate_generator", "evaluate")
        return self.evaluate(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                          use_multiprocessing=False, verbose=0):
        """Deprecated: `predict(generator, ...)` with the same arguments (the queueing ones are ignored)."""
        _warn_deprecated("predict_generator", "predict")
        return self.predict(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    def __getattr__(self, name):
        # Reached only when normal lookup failed (torch's Module.__getattr__, next in line, finds submodules and
        # parameters), so the removed names cost nothing on ordinary attribute access.
        if name in _REMOVED:
            raise AttributeError(f"{_REMOVED[name]} Received: {type(self).__name__}.{name}")
        return super().__getattr__(name)
