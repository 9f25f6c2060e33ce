"""The lock files scripts/setup.sh installs from pin every dependency pyproject.toml names,
at a version it allows, with hashes (refreshed by scripts/lock.sh)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.MULTILINE)


def _pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in _PIN.findall(lock.read_text("utf-8"))}


def _declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements/lock.txt", ("postgresql",)), ("requirements/dev-lock.txt", ("dev",))],
)
def test_every_declared_dependency_is_pinned_at_an_allowed_version(
    lock: str, extras: tuple[str, ...]
) -> None:
    pins = _pins(PROJECT / lock)
    for requirement in _declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {lock}: run scripts/lock.sh"
        version = pins[name].split("+")[0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, pyproject.toml asks {requirement.specifier}"
        )


def test_every_pin_has_a_hash() -> None:
    text = (PROJECT / "requirements/lock.txt").read_text("utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text)
    pinned = [b for b in blocks if _PIN.match(b)]
    assert pinned and all("--hash=sha256:" in b for b in pinned)
