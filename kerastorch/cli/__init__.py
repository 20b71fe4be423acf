"""The `kerastorch` command's subcommands: each module has `add_parser(subparsers)`, which registers the
subcommand and sets `handler` (a function of the parsed arguments returning the exit status)."""
