"""Build hook: compiles the optional accelerators, the walk (pipeline/_walk.pyx, against lxml's C API)
and the simhash vote (pipeline/_simhash.pyx).

Everything else is declared in pyproject.toml. Without a C compiler the package still installs: the
extensions are optional, and blocks_html and fingerprint fall back to their Python code, which gives the
same results.
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
    simhash = Extension(
        "pagewash_server.pipeline._simhash",
        ["server/pagewash_server/pipeline/_simhash.pyx"],
        optional=True,
    )
    return cythonize([walk, simhash], language_level=3, quiet=True)


setup(ext_modules=_extensions())
