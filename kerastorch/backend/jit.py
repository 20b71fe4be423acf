"""How kerastorch calls `torch.compile` on its own methods.

Dynamo keeps compiled graphs per code object, at most `torch._dynamo.config.recompile_limit` (8) of them,
shared by every object whose method runs that code. Every optimizer's `_update` (and every model's
`_forward_and_loss`) is the same code, so the ninth optimizer or model compiled in one process would silently
run eagerly. `compile_method` compiles a bound method through a private copy of its code, giving each
object a cache of its own.
"""

import types

import torch


def compile_method(method, **options):
    """`torch.compile(method, **options)` with a cache of compiled graphs for `method.__self__` alone."""
    function = method.__func__
    private = types.FunctionType(
        function.__code__.replace(), function.__globals__, function.__name__, function.__defaults__,
        function.__closure__,
    )
    private.__qualname__ = function.__qualname__
    return torch.compile(types.MethodType(private, method.__self__), **options)
