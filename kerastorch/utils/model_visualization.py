"""`plot_model` / `model_to_dot`: a model's layer graph drawn with Graphviz (through pydot).

pydot and the Graphviz `dot` program are optional; without them these functions raise an ImportError that
says what to install.
"""

import os


def _pydot():
    try:
        import pydot
    except ImportError as error:
        raise ImportError("You must install pydot (`pip install pydot`) and Graphviz (https://graphviz.org/download/) "
                          "for `plot_model` to work.") from error
    try:
        pydot.Dot.create(pydot.Dot())
    except Exception as error:  # pydot raises OSError or its own errors when `dot` is missing
        raise ImportError("You must install Graphviz (the `dot` program, https://graphviz.org/download/) for "
                          "`plot_model` to work; pydot is installed but could not run it.") from error
    return pydot


def _shape_text(shape):
    return str(tuple(shape)) if shape is not None else "?"


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB", expand_nested=False,
                 dpi=200, subgraph=False, show_layer_activations=False, show_trainable=False, splines="ortho",
                 **kwargs):
    """The model's layer graph as a `pydot.Dot`: one node per layer, one edge per connection."""
    pydot = _pydot()
    dot = pydot.Cluster(style="dashed", graph_name=model.name) if subgraph else pydot.Dot()
    dot.set("rankdir", rankdir)
    dot.set("concentrate", True)
    dot.set("dpi", dpi)
    dot.set("splines", splines)
    dot.set_node_defaults(shape="record")
    layers = list(getattr(model, "layers", []))
    for layer in layers:
        parts = [layer.name if show_layer_names else "", type(layer).__name__]
        label = f"{parts[0]} ({parts[1]})" if show_layer_names else parts[1]
        if show_layer_activations and hasattr(layer, "activation"):
            label += f"|activation: {getattr(layer.activation, '__name__', layer.activation)}"
        if show_dtype:
            label += f"|dtype: {getattr(layer, 'dtype', None)}"
        if show_shapes:
            output = getattr(layer, "output", None)
            label += f"|output shape: {_shape_text(getattr(output, 'shape', None))}"
        if show_trainable:
            label += f"|trainable: {'T' if layer.trainable else 'F'}"
        dot.add_node(pydot.Node(str(id(layer)), label=label))
    for previous, layer in _connections(model, layers):
        dot.add_edge(pydot.Edge(str(id(previous)), str(id(layer))))
    return dot


def _connections(model, layers):
    """(source layer, target layer) pairs: the graph's nodes for functional models, the stack otherwise."""
    edges = []
    for layer in layers:
        for node in getattr(layer, "_inbound_nodes", []) or []:
            for parent in getattr(node, "parent_nodes", []) or []:
                source = getattr(parent, "operation", None) or getattr(parent, "layer", None)
                if source in layers:
                    edges.append((source, layer))
    if not edges:
        edges = list(zip(layers[:-1], layers[1:]))
    return edges


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False, show_layer_names=False,
               rankdir="TB", expand_nested=False, dpi=200, show_layer_activations=False, show_trainable=False,
               splines="ortho", **kwargs):
    """Draws the model's layer graph to `to_file` (the extension picks the format: png, svg, pdf, dot...).

    Requires pydot and Graphviz; raises an ImportError naming them otherwise.
    """
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype, show_layer_names=show_layer_names,
                       rankdir=rankdir, expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations, show_trainable=show_trainable, splines=splines)
    extension = os.path.splitext(to_file)[1][1:] or "png"
    dot.write(to_file, format=extension)
    if extension != "pdf":
        try:
            from IPython import display

            return display.Image(filename=to_file)
        except ImportError:
            pass
    return None
