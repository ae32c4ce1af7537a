"""The site's stable URLs (printed QR codes depend on them) and relative links."""

from __future__ import annotations

import posixpath

HOME = ""
LOCATIONS = "locations/"
PROVIDERS = "providers/"
CHANGES = "changes/"
CHANGES_FEED = "changes.xml"
SERVICE_LINES = "service-lines/"  # the overview of every service line


def service_line_url(slug: str) -> str:
    return f"{slug}/"


def guide_url(slug: str) -> str:
    return f"{slug}/referral-guide.pdf"


def form_url(slug: str) -> str:
    return f"{slug}/referral-form.pdf"


def location_url(location_id: str) -> str:
    return f"{LOCATIONS}{location_id}/"


def provider_url(provider_id: str) -> str:
    return f"{PROVIDERS}{provider_id}/"


def source_path(url: str) -> str:
    """The Markdown file that MkDocs turns into ``url`` (directory URLs)."""
    return f"{url}index.md" if url else "index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``; both are site-relative."""
    target = posixpath.relpath("/" + to_url, "/" + from_url) if to_url != from_url else "."
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" or target == "." else target


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url


FEEDBACK_PLACEHOLDER = "{url}"


def feedback_href(feedback: str, page_address: str) -> str:
    """The "Report an error on this page" link for the ``feedback`` option.

    An e-mail address becomes a ``mailto:`` link whose subject names the page's address;
    a form address gets the page's address in place of ``{url}``, or else as ``?page=``.
    """
    from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

    if not feedback.startswith("https://"):
        address = feedback.removeprefix("mailto:")
        subject = quote(f"Error on {page_address}", safe="/:")
        return f"mailto:{address}?subject={subject}"
    if FEEDBACK_PLACEHOLDER in feedback:
        return feedback.replace(FEEDBACK_PLACEHOLDER, quote(page_address, safe=""))
    parts = urlsplit(feedback)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", page_address))
    return urlunsplit(parts._replace(query=urlencode(query)))


def feedback_display(feedback: str) -> str:
    """How the feedback address reads in print: the e-mail address, or the form's
    host and path (the page's own address is in the link, not the print)."""
    from urllib.parse import urlsplit

    if not feedback.startswith("https://"):
        return feedback.removeprefix("mailto:")
    parts = urlsplit(feedback.replace(FEEDBACK_PLACEHOLDER, ""))
    return (parts.netloc + parts.path).rstrip("/")
