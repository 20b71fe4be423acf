"""`Model`: a layer with training, saving and summaries. `keras.Model(inputs, outputs)` makes a Functional
model; subclassing `keras.Model` and writing `call` makes a subclassed one whose layers are the attributes
assigned in `__init__`."""

from kerastorch.layers.layer import Layer
from kerastorch.layers.layer_utils import specs_from_shapes
from kerastorch.saving.model_saving import ModelSavingMixin
from kerastorch.trainers.legacy_methods import LegacyMethodsMixin
from kerastorch.trainers.trainer import Trainer


def _is_functional_call(args, kwargs):
    return (
        len(args) == 2
        or (len(args) == 1 and "outputs" in kwargs)
        or ("inputs" in kwargs and "outputs" in kwargs)
    )


def _inject_functional_base(cls, functional):
    if issubclass(cls, functional):
        return
    for klass in cls.__mro__:
        if Model in klass.__bases__ and klass is not functional:
            klass.__bases__ = tuple(functional if base is Model else base for base in klass.__bases__)
            return


class Model(LegacyMethodsMixin, ModelSavingMixin, Trainer, Layer):
    """Groups layers into an object with training and inference features.

    `keras.Model(inputs, outputs, name=None)` builds a Functional model; a subclass with `__init__` and `call`
    builds a subclassed model.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and _is_functional_call(args, kwargs):
            from kerastorch.models.functional import Functional

            return super().__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if _is_functional_call(args, kwargs):
            # A subclass of Model built with (inputs, outputs): Keras makes it a Functional subclass, so custom
            # train_step overrides work on graph models (the "customizing fit()" guide does this).
            from kerastorch.models.functional import Functional

            _inject_functional_base(type(self), Functional)
            Functional.__init__(self, *args, **kwargs)
            return
        base = {k: kwargs.pop(k) for k in ("name", "trainable", "dtype", "autocast") if k in kwargs}
        if args or kwargs:
            raise TypeError(
                f"Unrecognized arguments for Model {self.__class__.__name__}: args={args}, kwargs={kwargs}. "
                "Pass `inputs` and `outputs` to build a Functional model."
            )
        super().__init__(**base)

    # ------------------------------------------------------------------ structure
    @property
    def layers(self):
        """The direct sub-layers, in order."""
        return [layer for layer in self._layers]

    @layers.setter
    def layers(self, value):
        raise AttributeError("`Model.layers` attribute is reserved and should not be used. Use another name.")

    def get_layer(self, name=None, index=None):
        """A sub-layer by `name` or by `index` into `layers`."""
        if index is not None and name is not None:
            raise ValueError(f"Provide only a layer name or a layer index. Received: index={index}, name={name}.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has {len(self.layers)} layers."
                )
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if getattr(layer, "name", None) == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: {[getattr(l, 'name', None) for l in self.layers]}."
            )
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def build(self, input_shape=None):
        """Creates the weights of a subclassed model by running it once on fake data of `input_shape`."""
        if input_shape is None or self.built:
            self.built = True
            return
        self.built = True
        try:
            self.compute_output_spec(specs_from_shapes(input_shape, self.input_dtype))
        except Exception as error:
            self.built = False
            raise ValueError(
                f"Model '{self.name}' could not be built with input_shape={input_shape}: {error}. "
                "Build it by calling it on real data instead."
            ) from error

    # ------------------------------------------------------------------ summaries and config
    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                layer_range=None):
        """Prints Keras's summary table: layers, output shapes, parameter counts."""
        from kerastorch.utils.summary_utils import print_summary

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable, layer_range=layer_range)

    def to_json(self, **kwargs):
        """The model's architecture as a JSON string (Keras's serialized form; no weights)."""
        import json

        from kerastorch.saving.serialization_lib import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "layers" in config and "input_layers" in config and "output_layers" in config:
            from kerastorch.models.functional import Functional
            from kerastorch.models.functional_config import functional_from_config

            target = Functional if cls is Model else cls
            return functional_from_config(target, config, custom_objects=custom_objects)
        return super().from_config(config)
