"""Output fingerprints of the pipeline on a fixed page set: proof that a speed change kept results identical.

Run from the repository root:

    .venv/bin/python bench/output_hashes.py before.json      # on the old commit
    .venv/bin/python bench/output_hashes.py after.json       # on the new one
    .venv/bin/python bench/output_hashes.py --diff before.json after.json

Pages: the AEB HTML and text dumps (181 + 181), every third WCXB page (HTML) and the seeds. Each
`Document` (text, paragraphs, metadata, diagnostics except the elapsed time) is serialised to JSON and
hashed; `--diff` lists the pages whose hash changed and exits 1 if any did.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import REPO_ROOT, aeb_dir, load_aeb, load_wcxb, wcxb_dir
from pagewash.types import Document
from pagewash_server.pipeline import normalize

SEEDS_DIR = REPO_ROOT / "tests" / "fixtures" / "seeds"
WCXB_STRIDE = 3


def document_hash(document: Document) -> str:
    """A short hash of everything a Document says, except how long it took."""
    fields = dataclasses.asdict(document)
    fields["diagnostics"].pop("elapsed_ms", None)
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:16]


def page_hashes() -> dict[str, str]:
    """Every page of the fixed set, by a stable name, to its Document's hash."""
    hashes: dict[str, str] = {}
    for page in load_aeb(aeb_dir()):
        hashes[f"aeb-html/{page.id}"] = document_hash(normalize(page.html_bytes(), url=page.url))
        hashes[f"aeb-text/{page.id}"] = document_hash(normalize(page.text_bytes(), url=page.url))
    for page in load_wcxb(wcxb_dir())[::WCXB_STRIDE]:
        hashes[f"wcxb/{page.id}"] = document_hash(normalize(page.html_bytes(), url=page.url))
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        hashes[f"seed/{seed.name}"] = document_hash(normalize(seed.read_bytes()))
    return hashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files", nargs="+", type=Path, help="OUT.json, or with --diff: BEFORE.json AFTER.json"
    )
    parser.add_argument("--diff", action="store_true", help="compare two files written earlier")
    args = parser.parse_args(argv)
    if args.diff:
        if len(args.files) != 2:
            parser.error("--diff takes two files")
        before, after = (json.loads(path.read_text()) for path in args.files)
        changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
        print(f"{len(before)} / {len(after)} documents, {len(changed)} differ")
        for name in changed[:50]:
            print(f"  {name}")
        return 1 if changed else 0
    hashes = page_hashes()
    args.files[0].write_text(json.dumps(hashes, indent=0, sort_keys=True))
    print(f"{len(hashes)} documents hashed into {args.files[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
