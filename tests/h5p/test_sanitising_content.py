"""content_sanitise: content.json filtered by semantics, as H5P core does."""

from h5p.sanitising import content_sanitise, escape_text

SUB_SEMANTICS = [{"name": "text", "type": "text", "widget": "html", "tags": ["em"]}]


def _lookup(label: str):
    return SUB_SEMANTICS if label == "H5P.Sub 1.0" else None


def test_sanitising_html_field_keeps_listed_tags_only():
    """Listed tags (and div, span, p, br) stay; scripts, handlers and links go."""
    semantics = [{"name": "q", "type": "text", "tags": ["em"]}]
    params = {
        "q": '<p>a<em>b</em><strong>c</strong><a href="javascript:x">d</a>'
        '<svg onload="x()"></svg><script>alert(1)</script></p>'
    }
    assert content_sanitise(params, semantics, _lookup) == {"q": "<p>a<em>b</em>cd</p>"}


def test_sanitising_plain_text_escaped_without_double_encoding():
    """Plain text is escaped like htmlspecialchars; existing entities stay."""
    assert escape_text("<b>Tom & Jerry</b> &amp; 'co'") == (
        "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; &amp; &#039;co&#039;"
    )


def test_sanitising_walks_groups_lists_and_sub_content():
    """Groups, lists and sub-content libraries are filtered with their own semantics."""
    semantics = [
        {
            "name": "g",
            "type": "group",
            "fields": [
                {
                    "name": "items",
                    "type": "list",
                    "field": {"name": "i", "type": "library"},
                }
            ],
        }
    ]
    params = {
        "g": {
            "items": [
                {"library": "H5P.Sub 1.0", "params": {"text": "<em>x</em><img src=x>"}},
                {"library": "H5P.Unknown 9.9", "params": {"text": "<script>"}},
            ]
        }
    }
    cleaned = content_sanitise(params, semantics, _lookup)
    assert cleaned == {
        "g": {"items": [{"library": "H5P.Sub 1.0", "params": {"text": "<em>x</em>"}}]}
    }


def test_sanitising_single_field_group_stored_flat():
    """A group of one field is stored as the field's value and filtered as such."""
    semantics = [
        {"name": "g", "type": "group", "fields": [{"name": "t", "type": "text"}]}
    ]
    assert content_sanitise({"g": "<i>"}, semantics, _lookup) == {"g": "&lt;i&gt;"}


def test_sanitising_media_paths_stay_inside_or_http():
    """Media paths: relative inside content, or http(s); others are dropped."""
    semantics = [{"name": "v", "type": "video"}]
    params = {
        "v": [
            {"path": "videos/a.mp4", "mime": "video/mp4"},
            {"path": "https://example.org/b.mp4"},
            {"path": "javascript:alert(1)"},
            {"path": "/etc/passwd"},
            {"path": "../../x.mp4"},
            {"path": "data:text/html,<script>"},
        ]
    }
    cleaned = content_sanitise(params, semantics, _lookup)
    assert [v["path"] for v in cleaned["v"]] == [
        "videos/a.mp4",
        "https://example.org/b.mp4",
    ]


def test_sanitising_wrong_types_dropped_unknown_keys_escaped():
    """A number that is not a number is dropped; keys unknown to semantics escaped."""
    semantics = [{"name": "n", "type": "number"}, {"name": "b", "type": "boolean"}]
    params = {"n": "<script>", "b": "yes", "extra": {"x": ["<b>"]}}
    assert content_sanitise(params, semantics, _lookup) == {
        "extra": {"x": ["&lt;b&gt;"]}
    }


def test_sanitising_without_semantics_escapes_everything():
    """A library without semantics.json: every string is escaped."""
    assert content_sanitise({"a": ["<p>", 1, True]}, None, _lookup) == {
        "a": ["&lt;p&gt;", 1, True]
    }
