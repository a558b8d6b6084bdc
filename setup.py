"""Build hook: compiles the optional walk accelerator (pipeline/_walk.pyx) against lxml's C API.

Everything else is declared in pyproject.toml. Without a C compiler the package still installs: the
extension is optional and blocks_html falls back to its Python walk, which gives the same blocks.
"""

from __future__ import annotations

import os

from setuptools import Extension, setup


def _extensions() -> list[Extension]:
    if os.environ.get("PAGEWASH_PURE_PYTHON"):
        return []
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    walk = Extension(
        "pagewash_server.pipeline._walk",
        ["server/pagewash_server/pipeline/_walk.pyx"],
        include_dirs=lxml.get_include(),
        optional=True,
    )
    return cythonize([walk], language_level=3, quiet=True)


setup(ext_modules=_extensions())
