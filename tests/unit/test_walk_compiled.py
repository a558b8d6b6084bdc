"""The compiled walk (pipeline/_walk.pyx) against its reference, the Python walk in blocks_html."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pagewash_server.pipeline import blocks_html
from pagewash_server.pipeline.blocks_html import _Walker, parse_html

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from datasets import aeb_dir, dataset_present, load_aeb
from test_blocks_html import PARITY_PAGE, page_inside_a_button

needs_compiled = pytest.mark.skipif(
    not blocks_html.ACCELERATED, reason="the compiled walk is not built (PAGEWASH_PURE_PYTHON or no compiler)"
)


def _walks(html: str, prune: bool) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What each walk leaves on its walker (blocks, regions, widest), for one page."""
    tree = parse_html(html)
    reference = _Walker(tree, prune)
    reference.walk_python()
    compiled = _Walker(tree, prune)
    compiled.walk()
    # Both walkers are alive here, so lxml hands out one proxy per element and the blocks' start
    # elements compare by identity.
    return (
        (
            reference.blocks,
            reference.region_parents,
            reference.region_reasons,
            reference.widest,
            reference.streamed,
        ),
        (
            compiled.blocks,
            compiled.region_parents,
            compiled.region_reasons,
            compiled.widest,
            compiled.streamed,
        ),
    )


def test_compiled_walk_is_built() -> None:
    if os.environ.get("PAGEWASH_PURE_PYTHON"):
        pytest.skip("PAGEWASH_PURE_PYTHON asks for the Python walk")
    assert blocks_html.ACCELERATED, "setup.py did not build pipeline/_walk.pyx: is a C compiler installed?"


_FALLBACK_PAGES = [
    PARITY_PAGE,
    # More than 256 children under one element: the Python fallback numbers steps with _XPaths.
    "<html><body><div>"
    + "".join(f"<p>Paragraph {n} of a long list of siblings.</p>" for n in range(300))
    + "</div>"
    "</body></html>",
    page_inside_a_button(200),
]
_HASH_PAGES = """
import json, sys
sys.path.insert(0, sys.argv[1])
from output_hashes import document_hash
from pagewash_server.pipeline import blocks_html, normalize
pages = json.load(sys.stdin)
print(json.dumps([blocks_html.ACCELERATED, [document_hash(normalize(page.encode())) for page in pages]]))
"""


def _hashes_in_child(pure_python: bool) -> tuple[bool, list[str]]:
    environment = {key: value for key, value in os.environ.items() if key != "PAGEWASH_PURE_PYTHON"}
    if pure_python:
        environment["PAGEWASH_PURE_PYTHON"] = "1"
    bench = str(Path(__file__).resolve().parents[2] / "bench")
    done = subprocess.run(
        [sys.executable, "-c", _HASH_PAGES, bench],
        input=json.dumps(_FALLBACK_PAGES),
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=120,
    )
    accelerated, hashes = json.loads(done.stdout)
    return accelerated, hashes


@needs_compiled
def test_pure_python_switch_gives_the_same_documents() -> None:
    # PAGEWASH_PURE_PYTHON at run time: the Python walk and XPath writers, end to end, same Documents.
    compiled = _hashes_in_child(pure_python=False)
    pure = _hashes_in_child(pure_python=True)
    assert (compiled[0], pure[0]) == (True, False)
    assert pure[1] == compiled[1]


EDGE_PAGES = {
    "parity page": PARITY_PAGE,
    "processing instructions and text after the root": (
        "<html><body><?php x ?>before<p>one<?pi?>two</p>tail</body></html>after the root"
    ),
    "namespaced tags and attributes": (
        '<html xmlns:fb="http://ogp.me/ns/fb#"><body><fb:like class="share">Like</fb:like>'
        '<p xml:lang="en" xlink:href="#x">text <a href="#">link</a></p></body></html>'
    ),
    "region attributes in every order": (
        '<body><div class="story" hidden>hidden one</div><div role="navigation" class="x">nav</div>'
        '<div id="main" itemprop="articleBody"><p>The body text of the article goes here.</p></div>'
        '<section aria-hidden="true" class="content">gone</section><div style="display: none">s</div>'
        '<div class="comments" role="main"><p>thread</p></div><article class="sidebar"><p>a</p></article>'
        '<header class="top">head</header><footer>foot</footer><nav>menu</nav><aside>aside</aside></body>'
    ),
    "React's streamed segments": (
        '<p>shell</p><template id="B:0"></template><div>Loading</div><template id="X:1"></template>'
        '<div hidden id="S:0"><p>late</p></div><script>$RC("B:0","S:0")</script>'
    ),
    "a template that is no boundary": '<p>a</p><template id="Bx"><p>t</p></template><template></template>',
    "hidden panels and menus": (
        '<div aria-labelledby="t1" hidden><p>a labelled panel</p></div><div class="faq-answer" '
        'style="display:none"><p>an answer</p></div><div hidden class="menu" aria-labelledby="m">menu</div>'
        '<p aria-labelledby="x">shown and labelled</p>'
    ),
    "links with unusual whitespace": (
        "<p>a <a href='#'>x\u00a0\u00a0y \x1c\x1d z\u2003\n\n w</a> b <a>  </a> c</p>"
    ),
    "line breaks and unwrapped tags": (
        "<div>one<br>two<br><br>three<br> <br>four<font>five</font><center>six<p>seven</p></center>"
        "<form>eight<input>nine</form><object>ten<param>eleven</object></div>"
    ),
    "valueless and entity attributes": (
        "<div class id><p class='a&amp;b &quot;c&quot;'>text</p><div hidden class=x>h</div></div>"
    ),
    "more tag names than the table has slots": "<body>"
    + "".join(f"<x-tag{n} class='c{n % 7}'>word {n}</x-tag{n}>" for n in range(700))
    + "</body>",
    "nested too deep for libxml2": "<div>" * 3000 + "deep text" + "</div>" * 3000,
    "wide parent": "<div>" + "<p>sibling</p>" * 400 + "</div>",
    "whitespace between inline elements": (
        "<p><b>one</b> <i>two</i>\n<a href='#'>three</a> <span> </span><br> <br><em>four</em> "
        "<script>x</script> <b>five</b></p> <div> <span>six</span></div>"
    ),
    "a button left open around the article": page_inside_a_button(200),
    "a button left open, too small to hold the page": page_inside_a_button(150),
    "empty": "",
}


@needs_compiled
@pytest.mark.parametrize("prune", [True, False], ids=["pruning", "jusText"])
@pytest.mark.parametrize("html", EDGE_PAGES.values(), ids=EDGE_PAGES.keys())
def test_compiled_walk_equals_python_walk(html: str, prune: bool) -> None:
    reference, compiled = _walks(html, prune)
    assert compiled == reference


@needs_compiled
@pytest.mark.parametrize("prune", [True, False], ids=["pruning", "jusText"])
def test_compiled_walk_equals_python_walk_on_namespaced_elements(prune: bool) -> None:
    # An XML tree (not what the pipeline parses, but what a caller of html_blocks may hand it): its
    # tags are "{uri}name", and an element of the same name outside the namespace must not share its role.
    tree = etree.fromstring(
        '<html xmlns:x="urn:x"><body><x:p class="share">in x</x:p><p>plain <x:a>x link</x:a></p>'
        '<x:nav>menu</x:nav><nav>menu</nav><p x:class="sidebar">attribute in x</p></body></html>'
    )
    reference = _Walker(tree, prune)
    reference.walk_python()
    compiled = _Walker(tree, prune)
    compiled.walk()
    assert (compiled.blocks, compiled.region_parents, compiled.region_reasons) == (
        reference.blocks,
        reference.region_parents,
        reference.region_reasons,
    )


def _xpath_differences(tree: etree._Element) -> list[tuple[str, str]]:
    """(lxml's getpath, the compiled XPaths) for every element where they differ."""
    assert blocks_html._compiled_walk is not None
    paths = blocks_html._compiled_walk.XPaths(tree)
    getpath = tree.getroottree().getpath
    return [(getpath(e), paths.path(e)) for e in tree.iter() if getpath(e) != paths.path(e)]


XPATH_PAGES = {
    **EDGE_PAGES,
    "wide parent, mixed names": "<body><div>"
    + "".join(f"<p>p{n}</p><span>s</span>" if n % 3 else f"<h2>h{n}</h2>" for n in range(150))
    + "<div>lone</div></div></body>",
    "same-name siblings around a unique one": "<div><p>a</p><b>x</b><p>b</p><i>y</i><p><b>z</b></p></div>",
    "text after the root element": "<html><body><p>in</p></body></html><p>after</p><div>more</div>",
}


@needs_compiled
@pytest.mark.parametrize("html", XPATH_PAGES.values(), ids=XPATH_PAGES.keys())
def test_compiled_xpaths_equal_lxml_getpath(html: str) -> None:
    assert _xpath_differences(parse_html(html)) == []


@needs_compiled
def test_compiled_xpaths_of_namespaced_elements_are_lxmls() -> None:
    tree = etree.fromstring(
        '<html xmlns:x="urn:x"><body><x:p>a</x:p><p>b</p><x:p><p>c</p></x:p></body></html>'
    )
    assert _xpath_differences(tree) == []


_TAGS = ["div", "p", "span", "a", "br", "h2", "li", "ul", "script", "form", "font", "nav", "article", "td"]
_ATTRIBUTES = [
    "",
    ' class="share-bar"',
    ' id="comments"',
    ' class="body"',
    ' role="main"',
    " hidden",
    ' style="visibility:hidden"',
    ' itemprop="articleBody"',
    ' aria-hidden="true"',
]
_TEXTS = st.text(alphabet=st.sampled_from(list("ab \n\t\u00a0é<>&")), max_size=12)


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            pieces.append(draw(_TEXTS))
        else:
            tag = draw(st.sampled_from(_TAGS))
            attributes = draw(st.sampled_from(_ATTRIBUTES))
            inner = draw(_fragments(depth + 1))
            pieces.append(
                f"<{tag}{attributes}>{inner}" if tag == "br" else f"<{tag}{attributes}>{inner}</{tag}>"
            )
    return "".join(pieces)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(body=_fragments(), prune=st.booleans())
def test_compiled_walk_equals_python_walk_on_generated_pages(body: str, prune: bool) -> None:
    reference, compiled = _walks(f"<html><body>{body}</body></html>", prune)
    assert compiled == reference


@needs_compiled
@pytest.mark.dataset
@pytest.mark.skipif(not dataset_present(aeb_dir()), reason="article-extraction-benchmark not on disk")
def test_compiled_walk_equals_python_walk_on_benchmark_pages() -> None:
    differing = []
    for page in load_aeb(aeb_dir()):
        html = gzip.decompress(page.html_path.read_bytes()).decode("utf-8", "replace")
        for prune in (True, False):
            reference, compiled = _walks(html, prune)
            if compiled != reference:
                differing.append((page.id, prune))
        if _xpath_differences(parse_html(html)):
            differing.append((page.id, "xpath"))
    assert differing == []
