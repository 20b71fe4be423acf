"""The `kerastorch` command (also `python -m kerastorch`).

Subcommands:

    kerastorch run SCRIPT [ARGS...]      run an unmodified Keras script on kerastorch
    kerastorch info [--json]             versions, device, keras.json in use
    kerastorch convert IN OUT [--model ARCH] [--unsafe]

Each subcommand is a function taking `subparsers` that registers its parser and sets `handler`, a function
taking the parsed arguments and returning the exit status (`_add_convert` here, `add_parser` in the
`kerastorch/cli/` modules); add one and list it in `_SUBCOMMANDS`.
"""

import argparse
import sys

from kerastorch.cli import info_command
from kerastorch.cli import run_command


def _run_convert(args):
    from kerastorch.saving import convert

    try:
        summary = convert.convert(args.input, args.output, architecture=args.model, safe_mode=not args.unsafe)
    except (ValueError, TypeError, OSError) as error:
        print(f"kerastorch convert: error: {error}", file=sys.stderr)
        return 1
    print(convert.describe(summary))
    return 0


def _add_convert(subparsers):
    parser = subparsers.add_parser(
        "convert",
        help="convert a model or weights file between .keras, .h5, .weights.h5, .safetensors and .pt",
        description=(
            "Converts between Keras file formats, chosen by file name: .keras (Keras 3 archive), .h5 (legacy "
            "Keras 2 HDF5), .weights.h5 (Keras 3 weights), .safetensors, and .pt (a plain torch state_dict, "
            "output only unless --model is given)."
        ),
    )
    parser.add_argument("input", help="the file to convert")
    parser.add_argument("output", help="the file to write; its extension picks the format")
    parser.add_argument("--model", metavar="ARCH", default=None,
                        help="a model file giving the architecture, for weights-only input")
    parser.add_argument("--unsafe", action="store_true",
                        help="allow loading Lambda layers stored as Python bytecode (runs code from the file)")
    parser.set_defaults(handler=_run_convert)


_SUBCOMMANDS = (run_command.add_parser, info_command.add_parser, _add_convert)


def build_parser():
    parser = argparse.ArgumentParser(prog="kerastorch", description="kerastorch command-line tools.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv=None):
    """Runs the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
