"""Fast tier: the generated docs match the stack table and today's renders."""

from __future__ import annotations

import sys

from conftest import TEMPLATE_ROOT, run


def test_generated_docs_are_up_to_date() -> None:
    run([sys.executable, "scripts/render_docs.py", "--check"], cwd=TEMPLATE_ROOT)
