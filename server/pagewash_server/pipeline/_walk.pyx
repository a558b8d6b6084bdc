# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""blocks_html's walk and its blocks' XPaths, compiled: the same results, read from libxml2's nodes directly."""

# Why this exists: the Python walk pays for an lxml proxy, a tag string and a text lookup per node,
# which is most of its cost. Here the nodes are read as libxml2 structs (lxml's public C API gives
# the root's node), and a Python object is made only for what ends up in a block. The Python walk in
# blocks_html.py stays the reference: tests/unit/test_walk_compiled.py checks that both give the
# same fields on real and generated pages, and that the XPaths here equal lxml's getpath.

from cpython.object cimport PyObject
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t
from libc.string cimport memset, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()

# The roles of blocks_html (_SKIPPED ... _INLINE): the Python module passes them in its role table.
cdef enum:
    SKIPPED = 0
    UNWRAPPED = 1
    PARAGRAPH = 2
    BR = 3
    LINK = 4
    INLINE = 5

cdef enum:
    ELEMENT_NODE = 1
    TEXT_NODE = 3
    CDATA_SECTION_NODE = 4
    DOCUMENT_NODE = 9
    HTML_DOCUMENT_NODE = 13
    XINCLUDE_START = 19
    XINCLUDE_END = 20

# Attributes that can make an element a region (blocks_html._REGION_ATTRIBUTES).
cdef enum:
    ATTR_NONE = 0
    ATTR_CLASS_OR_ID = 1
    ATTR_OTHER = 2


cdef inline bint _is_text(xmlNode* node) noexcept nogil:
    return node.type == TEXT_NODE or node.type == CDATA_SECTION_NODE


cdef inline xmlNode* _text_or_skip(xmlNode* node) noexcept nogil:
    """The node if it is text, skipping XInclude markers in between; NULL at anything else (lxml's
    rule for where an element's text or tail ends)."""
    while node is not NULL:
        if _is_text(node):
            return node
        if node.type != XINCLUDE_START and node.type != XINCLUDE_END:
            return NULL
        node = node.next
    return NULL


cdef inline str _content(xmlNode* node):
    cdef const char* content = <const char*>node.content
    if content is NULL:
        return ""
    return PyUnicode_DecodeUTF8(content, strlen(content), NULL)


cdef str _text_run(xmlNode* first, xmlNode** last):
    """The text of a run of text nodes starting at `first` (as lxml's .text/.tail read it); `last` is
    set to the run's last node."""
    cdef xmlNode* node = first
    cdef xmlNode* following
    cdef str text = _content(node)
    while True:
        following = _text_or_skip(node.next)
        if following is NULL:
            break
        node = following
        text += _content(node)
    last[0] = node
    return text


cdef inline int _attribute_kind(const char* name) noexcept nogil:
    # Decided on the first letter first: almost every attribute is none of these.
    cdef char first = name[0]
    if first == 99:  # c
        return ATTR_CLASS_OR_ID if strcmp(name, "class") == 0 else ATTR_NONE
    if first == 105:  # i
        if strcmp(name, "id") == 0:
            return ATTR_CLASS_OR_ID
        return ATTR_OTHER if strcmp(name, "itemprop") == 0 else ATTR_NONE
    if first == 114:  # r
        return ATTR_OTHER if strcmp(name, "role") == 0 else ATTR_NONE
    if first == 104:  # h
        return ATTR_OTHER if strcmp(name, "hidden") == 0 else ATTR_NONE
    if first == 115:  # s
        return ATTR_OTHER if strcmp(name, "style") == 0 else ATTR_NONE
    if first == 97:  # a
        return ATTR_OTHER if strcmp(name, "aria-labelledby") == 0 else ATTR_NONE
    return ATTR_NONE


cdef extern from "Python.h":
    bint Py_UNICODE_ISSPACE(Py_UCS4 character)  # what re's \s and str.isspace() test


cdef Py_ssize_t _collapsed_length(str text):
    """len(re.sub(r"\\s+", " ", text)): every run of whitespace counts as one character."""
    cdef Py_ssize_t length = 0
    cdef bint in_space = False
    cdef Py_UCS4 character
    for character in text:
        if Py_UNICODE_ISSPACE(character):
            if not in_space:
                length += 1
                in_space = True
        else:
            length += 1
            in_space = False
    return length


# What the walk needs to know of a tag, found once per element name: libxml2 keeps one copy of each
# name per document, so the name's address finds it (a small open-addressing table per walk).
cdef struct TagInfo:
    const char* name
    PyObject* tag  # owned by the walk's `known_tags` list
    PyObject* kind  # the block kind it sets, or NULL
    int role
    bint unprunable
    bint region_tag
    bint may_swallow  # blocks_html.SWALLOWING_TAGS
    bint boundary  # blocks_html.STREAMED_BOUNDARY_TAG


cdef enum:
    TAG_SLOTS = 512


cdef class _Rules:
    """What the walk reads from blocks_html: role and kind tables, region rules."""

    cdef dict roles
    cdef dict kind_by_tag
    cdef frozenset unprunable
    cdef frozenset region_tags
    cdef object region_reason
    cdef object chrome_name_reason
    cdef dict chrome_name_cache
    cdef frozenset swallowing_tags
    cdef Py_ssize_t swallowing_elements
    cdef str streamed_boundary_tag

    def __init__(
        self,
        dict roles,
        dict kind_by_tag,
        frozenset unprunable,
        frozenset region_tags,
        region_reason,
        chrome_name_reason,
        dict chrome_name_cache,
        frozenset swallowing_tags,
        Py_ssize_t swallowing_elements,
        str streamed_boundary_tag,
    ):
        self.roles = roles
        self.kind_by_tag = kind_by_tag
        self.unprunable = unprunable
        self.region_tags = region_tags
        self.region_reason = region_reason
        self.chrome_name_reason = chrome_name_reason
        self.chrome_name_cache = chrome_name_cache
        self.swallowing_tags = swallowing_tags
        self.swallowing_elements = swallowing_elements
        self.streamed_boundary_tag = streamed_boundary_tag


def rules(
    roles,
    kind_by_tag,
    unprunable,
    region_tags,
    region_reason,
    chrome_name_reason,
    chrome_name_cache,
    swallowing_tags,
    swallowing_elements,
    streamed_boundary_tag,
):
    """The walk's rules, bundled once (see `walk`)."""
    return _Rules(
        dict(roles),
        dict(kind_by_tag),
        frozenset(unprunable),
        frozenset(region_tags),
        region_reason,
        chrome_name_reason,
        chrome_name_cache,
        frozenset(swallowing_tags),
        swallowing_elements,
        streamed_boundary_tag,
    )


cdef bint _is_streamed_boundary(xmlNode* node) noexcept nogil:
    """Whether the element's id starts with "B:" or "P:" (blocks_html.STREAMED_BOUNDARY_PREFIXES)."""
    cdef xmlAttr* attribute = node.properties
    cdef const char* value
    while attribute is not NULL:
        if attribute.ns is NULL and strcmp(<const char*>attribute.name, "id") == 0:
            if attribute.children is NULL or attribute.children.type != TEXT_NODE:
                return False
            value = <const char*>attribute.children.content
            return value is not NULL and (value[0] == 66 or value[0] == 80) and value[1] == 58  # B: P:
        attribute = attribute.next
    return False


cdef bint _holds_elements(xmlNode* root, Py_ssize_t count) noexcept nogil:
    """Whether at least `count` elements lie inside `root` (blocks_html._holds_elements)."""
    cdef xmlNode* node = root.children
    cdef Py_ssize_t seen = 0
    while node is not NULL:
        if node.type == ELEMENT_NODE:
            seen += 1
            if seen >= count:
                return True
            if node.children is not NULL:
                node = node.children
                continue
        while node.next is NULL:
            node = node.parent
            if node == root:
                return False
        node = node.next
    return False


cdef inline str _attribute_value(xmlNode* node, xmlAttr* attribute):
    # An HTML attribute's value is one text node (or none: a valueless attribute reads "");
    # anything else goes through lxml, which reads it the same way as element.items().
    cdef xmlNode* value = attribute.children
    if value is NULL:
        return ""
    if value.next is NULL and value.type == TEXT_NODE:
        return _content(value)
    return cetree.attributeValue(node, attribute)


cdef str _region_of(_Rules rules, xmlNode* node, str tag, bint article, bint region_tag):
    """blocks_html._region_reason of the element, given only the attributes it looks at."""
    cdef xmlAttr* attribute = node.properties
    cdef list relevant = None
    cdef int kind
    cdef str chrome = ""
    cdef object verdict
    cdef str value
    # Class and id alone (nearly every element with attributes) are decided here; any other region
    # attribute, or a region tag, hands the attributes to _region_reason.
    while attribute is not NULL:
        if attribute.ns is NULL:
            kind = _attribute_kind(<const char*>attribute.name)
            if kind == ATTR_OTHER:
                relevant = []
                break
            if kind == ATTR_CLASS_OR_ID and not chrome:
                value = _attribute_value(node, attribute)
                verdict = rules.chrome_name_cache.get(value)
                chrome = rules.chrome_name_reason(value) if verdict is None else verdict
        attribute = attribute.next
    if relevant is None and not region_tag:
        return chrome
    relevant = []
    attribute = node.properties
    while attribute is not NULL:
        if attribute.ns is NULL and _attribute_kind(<const char*>attribute.name) != ATTR_NONE:
            relevant.append((
                PyUnicode_DecodeUTF8(<const char*>attribute.name, strlen(<const char*>attribute.name), NULL),
                _attribute_value(node, attribute),
            ))
        attribute = attribute.next
    return rules.region_reason(relevant, tag, article)


cdef TagInfo* _tag_info(
    xmlNode* node, TagInfo* table, TagInfo* scratch, list known_tags, _Rules rules
) except NULL:
    """The element's entry in the walk's tag table, made on first sight of its name. A namespaced
    element (its tag is "{uri}name", which the name alone does not give) gets `scratch`, filled anew."""
    cdef const char* name = <const char*>node.name
    cdef Py_ssize_t slot = (<uintptr_t>name >> 3) % TAG_SLOTS
    cdef Py_ssize_t probes = 0
    cdef TagInfo* info = NULL
    cdef str tag
    cdef object role
    cdef object kind
    if node.ns is not NULL:
        info = scratch
        probes = TAG_SLOTS  # skip the table
    while probes < TAG_SLOTS:
        info = &table[slot]
        if info.name == name:
            return info
        if info.name is NULL:
            break
        slot = (slot + 1) % TAG_SLOTS
        probes += 1
        if probes == TAG_SLOTS:  # a page of more distinct names than slots: start the table afresh
            memset(table, 0, TAG_SLOTS * sizeof(TagInfo))
            info = &table[slot]
            break
    tag = cetree.namespacedName(node)
    known_tags.append(tag)
    role = rules.roles.get(tag)
    kind = rules.kind_by_tag.get(tag)
    if kind is not None:
        known_tags.append(kind)
    info.name = name
    info.tag = <PyObject*>tag
    info.kind = NULL if kind is None else <PyObject*>kind
    info.role = INLINE if role is None else <int>role
    info.unprunable = tag in rules.unprunable
    info.region_tag = tag in rules.region_tags
    info.may_swallow = tag in rules.swallowing_tags
    info.boundary = tag == rules.streamed_boundary_tag
    return info


cdef inline xmlNode* _block_start_after(xmlNode* node) noexcept nogil:
    # After a paragraph closes, the next block starts at its parent (getparent(), None at the root).
    cdef xmlNode* parent = node.parent
    if parent is not NULL and cetree._isElement(parent):
        return parent
    return node


cdef Py_ssize_t _add_text(list parts, xmlNode* first, xmlNode** last, bint link, bint spaces) except -2:
    """Read the run of text nodes at `first` into `parts` unless it is only whitespace (`last`: the
    run's last node); with `spaces` (when pruning), such a run inside a paragraph adds one space, as in
    blocks_html's walk. Returns the characters it adds to links (0 outside a link), or -1 when it was
    left out."""
    cdef str text = _text_run(first, last)
    if not text or text.isspace():
        if spaces and text and parts:
            parts.append(" ")
        return -1
    parts.append(text)
    return _collapsed_length(text) if link else 0


cdef inline tuple _block(
    list parts, str kind, str path, Py_ssize_t link_chars, Py_ssize_t tags_count, Py_ssize_t region,
    cetree._Document document, xmlNode* start,
):
    # Splitting on whitespace collapses it exactly like jusText's regex and strip.
    return (
        " ".join("".join(parts).split()), kind, path, link_chars, tags_count, region,
        cetree.elementFactory(document, start),
    )


def walk(root, bint prune, _Rules rules):
    """blocks_html._Walker.walk over `root`: (blocks, region_parents, region_reasons, widest, streamed),
    each block (text, kind, dotted path, link characters, tags, innermost region, start element)."""
    cdef cetree._Element root_element = root
    cdef cetree._Document document = root_element._doc
    cdef xmlNode* c_root = root_element._c_node
    cdef xmlNode* node = c_root
    cdef xmlNode* child
    cdef xmlNode* last
    cdef xmlNode* start_node = c_root
    cdef TagInfo table[TAG_SLOTS]
    cdef TagInfo scratch
    cdef TagInfo* info
    cdef list known_tags = []
    memset(table, 0, TAG_SLOTS * sizeof(TagInfo))

    cdef list blocks = []
    cdef list region_parents = []
    cdef list region_reasons = []
    cdef Py_ssize_t widest = 0
    cdef Py_ssize_t children

    cdef list parts = []
    cdef Py_ssize_t link_chars = 0
    cdef Py_ssize_t tags_count = 0
    cdef str start_path = ""
    cdef str start_kind = "paragraph"
    cdef Py_ssize_t start_region = -1
    cdef str path = ""
    cdef str kind = "paragraph"
    cdef Py_ssize_t region = -1
    cdef bint article = False
    cdef list frames = []
    cdef bint link = False
    cdef bint br = False
    cdef bint leaf = False
    cdef bint streamed = False
    cdef Py_ssize_t added

    cdef str tag
    cdef str reason
    cdef str own_kind
    cdef Py_ssize_t own_region
    cdef bint own_article
    cdef int role

    while True:
        if node.type == ELEMENT_NODE:
            info = _tag_info(node, table, &scratch, known_tags, rules)
            role = info.role
            if role == SKIPPED and prune and info.may_swallow and _holds_elements(node, rules.swallowing_elements):
                role = UNWRAPPED
            if info.boundary and not streamed:
                streamed = _is_streamed_boundary(node)
            if role != SKIPPED:
                tag = <str>info.tag
                own_kind = kind
                own_region = region
                own_article = article
                if role != UNWRAPPED:
                    # startElement
                    if info.kind is not NULL:
                        own_kind = <str>info.kind
                    if prune and not info.unprunable and (node.properties is not NULL or info.region_tag):
                        reason = _region_of(rules, node, tag, article, info.region_tag)
                        if reason:
                            if reason == "container":
                                own_article = True
                            region_parents.append(region)
                            region_reasons.append(reason)
                            own_region = len(region_parents) - 1
                    if role == PARAGRAPH or (role == BR and br):
                        if role == BR:
                            # <br><br> separates paragraphs and is not counted as a tag of either.
                            tags_count -= 1
                        if parts:
                            blocks.append(_block(
                                parts, start_kind, start_path, link_chars, tags_count, start_region,
                                document, start_node,
                            ))
                            parts = []
                        link_chars = tags_count = 0
                        start_node = node
                        start_path = f"{path}.{tag}" if path else tag
                        start_kind = own_kind
                        start_region = own_region
                    else:
                        br = role == BR
                        if br:
                            parts.append(" ")
                        elif role == LINK:
                            link = True
                        tags_count += 1

                # Children as lxml counts them (elements, comments, processing instructions,
                # entities); an element with none is a leaf: its text is read and it closes here.
                children = 0
                child = node.children
                while child is not NULL:
                    if cetree._isElement(child):
                        children += 1
                    child = child.next
                if children:
                    if children > widest:
                        widest = children
                    frames.append((path, kind, region, article, role))
                    if role != UNWRAPPED:
                        path = f"{path}.{tag}" if path else tag
                        kind = own_kind
                        region = own_region
                        article = own_article
                    node = node.children
                    continue
                child = _text_or_skip(node.children)
                if child is not NULL:
                    added = _add_text(parts, child, &last, link, prune)
                    if added >= 0:
                        link_chars += added
                        br = False
                leaf = True  # closed below, with `path`, `kind`, `region` still the enclosing element's
        elif _is_text(node):
            # An element's text or an element's tail: the same handling, in document order.
            added = _add_text(parts, node, &last, link, prune)
            node = last
            if added >= 0:
                link_chars += added
                br = False
        # Anything else (a comment, processing instruction, entity) leaves only its tail, which the
        # text nodes that follow it are.

        # Next node in document order, closing the leaf just read and the elements that end on the way.
        while True:
            if leaf:
                leaf = False
            elif node == c_root:
                break
            elif node.next is not NULL:
                node = node.next
                break
            else:
                node = node.parent
                path, kind, region, article, role = frames.pop()
            # endElement
            if role == PARAGRAPH:
                if parts:
                    blocks.append(_block(
                        parts, start_kind, start_path, link_chars, tags_count, start_region, document, start_node
                    ))
                    parts = []
                link_chars = tags_count = 0
                start_node = _block_start_after(node)
                start_path = path
                start_kind = kind
                start_region = region
            elif role == LINK:
                link = False
        if node == c_root:
            break

    # The root's tail.
    child = _text_or_skip(c_root.next)
    if child is not NULL:
        added = _add_text(parts, child, &last, link, prune)
        if added >= 0:
            link_chars += added
    if parts:
        blocks.append(_block(
            parts, start_kind, start_path, link_chars, tags_count, start_region, document, start_node
        ))
    return blocks, region_parents, region_reasons, widest, streamed


# --- XPaths of block starts ---------------------------------------------------------------------------

cdef enum:
    # Under a parent with more children than this, its children's steps are numbered in one pass
    # (libxml2's rescan of the siblings per call would be quadratic there).
    NUMBERED_CHILDREN = 64


cdef inline bint _same_step_name(xmlNode* node, xmlNode* other) noexcept nogil:
    # libxml2's xmlGetNodePath counts an element sibling of the same name (no namespace here).
    return other.type == ELEMENT_NODE and other.ns is NULL and (
        other.name == node.name or strcmp(<const char*>other.name, <const char*>node.name) == 0
    )


cdef str _name(xmlNode* node):
    return PyUnicode_DecodeUTF8(<const char*>node.name, strlen(<const char*>node.name), NULL)


cdef class XPaths:
    """Elements' XPaths exactly as lxml's `getpath` (libxml2's xmlGetNodePath) writes them for an HTML
    tree ("/html/body/div[2]/p"): a step is the tag, numbered among its element siblings of the same
    name when it has any. Ancestors' paths are remembered, and the children of a wide parent are
    numbered once, so many paths cost little more than one. Elements in a namespace (never in a tree
    from the HTML parser) get lxml's own getpath."""

    cdef object _root
    cdef dict _paths  # node address -> path
    cdef dict _numbered  # parent address -> {child address: step}

    def __init__(self, root):
        self._root = root
        self._paths = {}
        self._numbered = {}

    def path(self, element):
        cdef cetree._Element proxy = element
        cdef xmlNode* node = proxy._c_node
        cdef list chain = []
        cdef str prefix
        cdef object known
        # Up to the nearest ancestor whose path is known (or the document), then down again.
        while node is not NULL and node.type == ELEMENT_NODE:
            if node.ns is not NULL:
                return self._root.getroottree().getpath(element)
            known = self._paths.get(<Py_ssize_t>node)
            if known is not None:
                break
            chain.append(<Py_ssize_t>node)
            node = node.parent
        if node is NULL:
            return self._root.getroottree().getpath(element)
        if node.type == ELEMENT_NODE:
            prefix = <str>known
        elif node.type == DOCUMENT_NODE or node.type == HTML_DOCUMENT_NODE:
            prefix = ""
        else:  # not under a document: libxml2's own rules apply
            return self._root.getroottree().getpath(element)
        cdef Py_ssize_t address
        for address in reversed(chain):
            prefix = f"{prefix}/{self._step(<xmlNode*>address)}"
            self._paths[address] = prefix
        return prefix

    cdef str _step(self, xmlNode* node):
        cdef xmlNode* parent = node.parent
        cdef xmlNode* sibling
        cdef Py_ssize_t before = 0
        cdef Py_ssize_t children = 0
        cdef dict steps
        if parent is not NULL:
            steps = self._numbered.get(<Py_ssize_t>parent)
            if steps is not None:
                return <str>steps[<Py_ssize_t>node]
            sibling = parent.children
            while sibling is not NULL:
                children += 1
                sibling = sibling.next
            if children > NUMBERED_CHILDREN:
                steps = self._number_children(parent)
                self._numbered[<Py_ssize_t>parent] = steps
                return <str>steps[<Py_ssize_t>node]
        sibling = node.prev
        while sibling is not NULL:
            if _same_step_name(node, sibling):
                before += 1
            sibling = sibling.prev
        if before:
            return f"{_name(node)}[{before + 1}]"
        sibling = node.next
        while sibling is not NULL:
            if _same_step_name(node, sibling):
                return f"{_name(node)}[1]"
            sibling = sibling.next
        return _name(node)

    cdef dict _number_children(self, xmlNode* parent):
        cdef dict totals = {}
        cdef dict seen = {}
        cdef dict steps = {}
        cdef xmlNode* child = parent.children
        cdef str name
        cdef Py_ssize_t number
        while child is not NULL:
            if child.type == ELEMENT_NODE and child.ns is NULL:
                name = _name(child)
                totals[name] = totals.get(name, 0) + 1
            child = child.next
        child = parent.children
        while child is not NULL:
            if child.type == ELEMENT_NODE and child.ns is NULL:
                name = _name(child)
                if totals[name] == 1:
                    steps[<Py_ssize_t>child] = name
                else:
                    number = seen.get(name, 0) + 1
                    seen[name] = number
                    steps[<Py_ssize_t>child] = f"{name}[{number}]"
            child = child.next
        return steps
