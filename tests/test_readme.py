"""The README's commands and lists agree with the code and with CI."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.web.viewstate import PARAMS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    block = re.search(r"## Run the tests\s+```sh\n(.+?)\n```", README, re.S).group(1).strip()
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci[-1] == block


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_query_parameters_documented(name):
    assert f"| `{name}` | {PARAMS[name]} |" in README
