"""The repository's own shape: every test file is collected, and imports run one way.

Why: pytest skipped a folder named ``build`` for months (``norecursedirs``), so 35 tests never
guarded a landing. These tests ask pytest itself what it collects, and read every module's
imports, so the same kind of silent gap fails the suite instead of hiding in it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The pipeline's stages in the order data flows; a stage may import only earlier ones.
STAGES = ["model", "text", "extract", "resolve", "assemble", "export"]


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "kg":
        return None
    name = parts[1]
    return STAGES.index(name) if name in STAGES else None


def _imports(source: str, module: str) -> list[str]:
    """Absolute names of the kg modules ``source`` (the text of ``module``) imports,
    relative imports resolved."""
    package = module
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.append(node.module)
    return [name for name in found if name == "kg" or name.startswith("kg.")]


def test_every_test_file_is_collected() -> None:
    on_disk = {
        str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")
        if "__pycache__" not in p.parts
    }
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout
    collected = {line.split("::", 1)[0] for line in out.splitlines() if "::" in line}
    missing = sorted(on_disk - collected)
    assert not missing, f"test files pytest does not collect: {missing}"


def test_stages_import_only_earlier_stages() -> None:
    wrong: list[str] = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        here = _stage(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if here is None:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for name in _imports(path.read_text(encoding="utf-8"), module):
            there = _stage(name)
            if there is not None and there > here:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "imports against the pipeline's direction:\n" + "\n".join(wrong)


def test_import_reader_resolves_relative_and_absolute_imports() -> None:
    """The reader finds a backward import in either spelling (so the test above can fail)."""
    source = "from kg.assemble import build_graph\nfrom ..resolve import names\nimport os\n"
    names = _imports(source, "kg.text.probe")
    assert names == ["kg.assemble", "kg.resolve"]
    assert [_stage(n) for n in names] == [STAGES.index("assemble"), STAGES.index("resolve")]
    # a package's __init__ resolves one level from the package itself
    assert _imports("from .names import x\n", "kg.resolve.__init__") == ["kg.resolve.names"]
