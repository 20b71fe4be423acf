"""`kerastorch run script.py [args]`: runs an unmodified Keras script on kerastorch.

The import shims are installed for this process only, so `import keras`, `from tensorflow import keras` and
`from tensorflow.keras.layers import Dense` resolve to kerastorch without anything installed that would
shadow the real packages elsewhere.
"""

import argparse
import sys


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "run",
        help="run a Keras script unmodified, with `import keras` / `tf.keras` resolving to kerastorch",
        description=(
            "Runs SCRIPT as __main__ with ARGS as its sys.argv[1:]. For this run only, `keras`, "
            "`tensorflow.keras`, `tf_keras` (and `tensorflow` itself, limited to `tf.keras`) resolve to "
            "kerastorch."
        ),
    )
    parser.add_argument("script", help="the Python script to run")
    # REMAINDER: everything after the script belongs to the script, `--flags` included.
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    parser.set_defaults(handler=run)


def run(args):
    """Runs the script; its `sys.exit(code)` becomes the command's exit status."""
    from kerastorch.drop_in import run_script

    try:
        run_script(args.script, args.args)
    except FileNotFoundError as error:
        print(f"kerastorch run: error: {error}", file=sys.stderr)
        return 2
    except SystemExit as exit_:
        return _exit_status(exit_.code)
    return 0


def _exit_status(code):
    # Mirrors how the interpreter turns `sys.exit(code)` into a status: None is success, an int is itself,
    # anything else is printed and means failure.
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
