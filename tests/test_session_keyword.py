"""Every data-access function of the product takes its database `session` by keyword (def f(..., *, session: Session)).

A positional session lets a call pass it in the wrong place or read as `f(session, a, b)` in one module and
`f(a, session, b)` in the next; keyword-only, every call says `session=` and the order of the other arguments
is free to change. The rule covers every function, method, nested function and lambda of the product code
(private helpers included); tests and benchmarks may define their own helpers as they like.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_PRODUCT = {"tests", "benchmarks", "docs", "sample_data", "streamlit_config", "data", "build"}


def product_files() -> list[Path]:
    """The .py files of the app: top-level modules and every folder of code except tests and benchmarks."""
    files = sorted(ROOT.glob("*.py"))
    for folder in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        if folder.name in NOT_PRODUCT or folder.name.startswith((".", "_")) or "venv" in folder.name:
            continue
        files += sorted(folder.rglob("*.py"))
    return files


def positional_sessions(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            if any(a.arg == "session" for a in args.posonlyargs + args.args):
                name = node.name if not isinstance(node, ast.Lambda) else "<lambda>"
                found.append(f"{path.relative_to(root)}:{node.lineno} {name}")
    return found


def test_the_product_code_is_found() -> None:
    names = {str(p.relative_to(ROOT)) for p in product_files()}
    assert "app.py" in names and len(names) > 100
    assert {n.split("/")[0] for n in names} >= {"dashboard", "data_loaders", "pages"}
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_every_session_parameter_is_keyword_only() -> None:
    offenders = [hit for path in product_files() for hit in positional_sessions(path)]
    rule = "session must be keyword-only (def f(..., *, session: Session)):"
    assert not offenders, "\n".join([rule, *offenders])


def test_the_check_sees_a_positional_session(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def a(session, x): ...\n"
        "def b(x, *, session): ...\n"
        "class C:\n    def m(self, session): ...\n"
        "f = lambda session: session\n"
        "def _private(x, session=None, /): ...\n",
        encoding="utf-8",
    )
    hits = positional_sessions(sample, tmp_path)
    assert sorted(hits) == ["sample.py:1 a", "sample.py:4 m", "sample.py:5 <lambda>", "sample.py:6 _private"]
