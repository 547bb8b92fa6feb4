"""The `partnerledger` command: generate, build, app, explain, and the operations commands.

Each subcommand is a thin shell over a function, so the app, Dagster and the tests call the
same code the command line does. The command line stands above everything else: `build`
calls the orchestration (dagster_project.run), `generate` the source-system simulator
(landing_generator); the rest of the core package imports neither.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from partnerledger import paths
from partnerledger.ops_cli import register as register_ops_commands
from partnerledger.users_cli import register as register_users_commands


def _cmd_generate(args: argparse.Namespace) -> int:
    from landing_generator import generate

    counts = generate(Path(args.out), scale=args.scale, seed=args.seed, months=args.months)
    print(f"wrote {sum(counts.values()):,} rows in {len(counts)} entities to {args.out}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from dagster_project.run import run_build

    return run_build(
        paths.landing_dir(args.landing), paths.home(args.home).ensure(), wait=args.wait
    )


def _cmd_app(args: argparse.Namespace) -> int:
    home = paths.home(args.home)
    env = {**os.environ, **paths.warehouse_env(home)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(paths.REPO_ROOT / "app" / "streamlit_app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(args.port),
        "--browser.gatherUsageStats",
        "false",
    ]
    print(f"serving {home.serving} on http://localhost:{args.port}")
    return subprocess.call(cmd, env=env)


def _cmd_explain(args: argparse.Namespace) -> int:
    from partnerledger.explain import ExplainError, explain

    try:
        print(explain(args.partner, args.month, paths.home(args.home)))
    except ExplainError as exc:
        print(f"explain: {exc}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnerledger", description="Partner commissions a finance team can sign."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("generate", help="write a realistic, seeded landing directory")
    p.add_argument("--scale", choices=["tiny", "small", "medium", "large"], default="small")
    p.add_argument("--out", required=True, help="landing directory to write")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--months", type=int, default=None)
    p.set_defaults(func=_cmd_generate)

    p = sub.add_parser("build", help="ingest, build, check and publish")
    p.add_argument(
        "--landing", default=None, help="default: $PARTNERLEDGER_LANDING or data/landing"
    )
    p.add_argument("--home", default=None, help="default: $PARTNERLEDGER_HOME or data/home")
    p.add_argument(
        "--wait",
        action="store_true",
        help="wait for a build already running on the home (default: refuse, exit 4)",
    )
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("app", help="serve the Streamlit app on the published data")
    p.add_argument("--home", default=None)
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=_cmd_app)

    p = sub.add_parser("explain", help="the full chain behind a partner's month")
    p.add_argument("--partner", required=True)
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--home", default=None)
    p.set_defaults(func=_cmd_explain)

    register_ops_commands(sub)
    register_users_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
