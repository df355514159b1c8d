"""The ``chainmap`` command: global options, then one module per group of subcommands.

Each group module exposes ``register(subparsers)``; a subcommand sets ``func(args, ctx)``.
Errors of the product become one line on stderr and a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.errors import ChainMapError, InvalidInput
from app.settings import STORE_CHOICES, Settings

GROUPS = ("app.cli.data", "app.cli.analysis", "app.cli.parks", "app.cli.snapshot", "app.cli.outputs", "app.cli.imports", "app.cli.serve",
          "app.cli.bench", "app.cli.state", "app.cli.bulk")


class Context:
    """What a subcommand needs: settings and a lazily opened store."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from app.store.factory import open_store

            self._store = open_store(self.settings)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chainmap",
                                     description="ChainMap 产业链图谱与缺链分析 (industrial-chain mapping and gap analysis)")
    parser.add_argument("--data", type=Path, default=None,
                        help="数据目录 data directory (default: the seed demo data)")
    parser.add_argument("--store", choices=STORE_CHOICES, default=None,
                        help="存储 store: embedded (default; also networkx) or neo4j; env CHAINMAP_STORE")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    import importlib

    for name in GROUPS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    overrides = {}
    if args.store:
        overrides["store"] = args.store
    if args.data:
        overrides["data_dir"] = args.data
    try:
        settings = Settings(**overrides)
    except Exception as exc:  # pydantic ValidationError: name the bad variable
        print(f"chainmap: 配置错误 (bad settings): {exc}", file=sys.stderr)
        return 2
    ctx = Context(settings)
    try:
        return args.func(args, ctx) or 0
    except InvalidInput as exc:
        print(f"chainmap: {exc}", file=sys.stderr)
        return 1
    except ChainMapError as exc:
        print(f"chainmap: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
