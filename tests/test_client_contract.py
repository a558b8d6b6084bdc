"""The thin client's contract: it imports without the server's dependencies, and `__all__` is exact."""

from __future__ import annotations

import subprocess
import sys
import types

import pagewash

_WITHOUT_SERVER_DEPENDENCIES = r"""
import importlib.abc, sys

BLOCKED = (
    "justext", "ftfy", "lxml", "charset_normalizer", "pagewash_server", "grpc_health", "grpc_reflection",
)

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: the thin client must not need it")
        return None

sys.meta_path.insert(0, Block())
import pagewash
from pagewash import AsyncClient, Client, Request, errors
client = Client("127.0.0.1:1", timeout=1.0)
try:
    client.health()
except errors.UnavailableError:
    pass
client.close()
assert not [m for m in sys.modules if m.split(".")[0] in BLOCKED], sorted(sys.modules)
print("ok")
"""


def test_client_imports_and_works_without_server_dependencies() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_SERVER_DEPENDENCIES], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(pagewash).items()
        if not name.startswith("_") and not (isinstance(value, types.ModuleType) and name != "errors")
    }
    assert set(pagewash.__all__) - {"__version__"} == public
    assert len(pagewash.__all__) == len(set(pagewash.__all__))
    for name in pagewash.__all__:
        assert hasattr(pagewash, name)


def test_errors_all_lists_exactly_its_public_names() -> None:
    from pagewash import errors

    public = {
        name
        for name, value in vars(errors).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == errors.__name__
    }
    assert set(errors.__all__) == public
