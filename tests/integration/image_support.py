"""The wheel the image installs, in a fresh virtualenv: what it holds and what it imports.

The image's build stage runs ``pip wheel .`` on the source tree; here the same wheel is
built and installed (without its dependencies) into a new virtualenv whose only view of the
dependencies is the project virtualenv's site-packages, added as a plain path: its ``.pth``
files, among them the editable install of this checkout, are not processed, so nothing of
the source tree can be imported from there. Then :data:`PROBE` imports every module of the
wheel and says which distributions the imports came from, so a dependency the code uses but
``pyproject.toml`` does not declare is found without downloading anything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("jiesu", "schemas", "producers", "streams", "projections", "bench")

PROBE = r"""
import importlib, importlib.metadata as md, json, pkgutil, sys
from packaging.requirements import Requirement

def closure(name):
    # Distributions installed with `name`, and those its dependencies only offer as extras
    # (imported when present, as SQLAlchemy imports greenlet).
    seen, optional, todo = set(), set(), [name]
    while todo:
        dist = md.distribution(todo.pop())
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        for text in dist.requires or ():
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
            elif key != name:
                optional.add(req.name.lower().replace("_", "-"))
    return seen, optional

failed, where = [], {}
for top in sys.argv[1].split(","):
    package = importlib.import_module(top)
    where[top] = package.__file__
    for info in pkgutil.walk_packages(package.__path__, top + "."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            failed.append(f"{info.name}: {exc!r}")
owners = md.packages_distributions()
used = {
    dist.lower().replace("_", "-")
    for module in list(sys.modules)
    if "." not in module and module not in sys.stdlib_module_names
    for dist in owners.get(module, [])
}
declared, optional = closure("jiesu")
print(json.dumps({"failed": failed, "where": where, "used": sorted(used),
                  "declared": sorted(declared), "optional": sorted(optional)}))
"""


def build_wheel(out: Path) -> Path:
    """``pip wheel`` of the checkout, as the image's build stage runs it (no dependencies)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("jiesu-*.whl")
    return wheel


def fresh_venv(path: Path, wheel: Path) -> Path:
    """A new virtualenv with ``wheel`` installed; dependencies seen through a plain path."""
    venv.create(path, with_pip=False)
    python = path / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return path


def probe(env_dir: Path, cwd: Path) -> dict[str, Any]:
    """Import every module of the installed wheel; report failures, origins, distributions."""
    done = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", PROBE, ",".join(PACKAGES)],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
