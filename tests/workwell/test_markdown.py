from workwell.markdown import markdown_to_html, render_markdown


def test_markdown_becomes_govuk_styled_html():
    html = markdown_to_html(
        "# Title\n\nSome **bold** text.\n\n- one\n- two\n\n[Guide](https://example.org/guide)"
    )
    assert '<h2 class="govuk-heading-m">Title</h2>' in html
    assert '<p class="govuk-body">Some <strong>bold</strong> text.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert 'href="https://example.org/guide"' in html
    assert 'class="govuk-link"' in html


def test_raw_html_and_script_links_are_removed():
    html = str(
        render_markdown(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n"
            '[click](javascript:alert(3)) <b onclick="alert(4)">bold</b>'
        )
    )
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_empty_text_renders_nothing():
    assert markdown_to_html("") == ""
