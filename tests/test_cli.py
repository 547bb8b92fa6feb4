"""The command line's shape: the contract's commands exist with their options."""

import subprocess
import sys

import pytest

from partnerledger.cli import build_parser


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "--scale", "tiny", "--out", "x"],
        ["build", "--landing", "l", "--home", "h"],
        ["app", "--home", "h"],
        ["explain", "--partner", "P-001", "--month", "2026-03", "--home", "h"],
    ],
)
def test_contract_commands_parse(argv):
    args = build_parser().parse_args(argv)
    assert args.command == argv[0]
    assert callable(args.func)


def test_unknown_scale_is_refused_with_usage_error():
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["generate", "--scale", "huge", "--out", "x"])
    assert exc.value.code == 2


def test_installed_command_prints_help():
    out = subprocess.run(
        [sys.executable, "-m", "partnerledger.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    assert "generate" in out.stdout and "explain" in out.stdout
