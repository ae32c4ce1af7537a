"""The site's stable URLs (printed QR codes depend on them) and relative links."""

from __future__ import annotations

import posixpath

HOME = ""
LOCATIONS = "locations/"
PROVIDERS = "providers/"
CHANGES = "changes/"
CHANGES_FEED = "changes.xml"
SERVICE_LINES = "service-lines/"  # the overview of every service line
PARTNERS = "for/"  # unlisted partner and campaign pages
EXPORTS = "exports/"  # listings CSV and JSON
ASSETS = "assets/"  # ReferKit's CSS, favicon and logo; the theme's scripts and styles
SEARCH = "search/"  # the theme's search index
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
FHIR = "fhir/"  # reserved for the FHIR R4 directory (PRODUCT.md), so no slug takes it
GUIDE_FILE = "referral-guide.pdf"
FORM_FILE = "referral-form.pdf"

# Every address at the top of the site that is not a service line. A service line's
# slug is its own top-level folder, so it may be none of these names (a slug
# "locations" would replace the locations index, or be replaced by it).
TOP_LEVEL = (
    LOCATIONS,
    PROVIDERS,
    CHANGES,
    CHANGES_FEED,
    SERVICE_LINES,
    PARTNERS,
    EXPORTS,
    ASSETS,
    SEARCH,
    SITEMAP,
    ROBOTS,
    NOT_FOUND,
    FHIR,
)
RESERVED_SLUGS = frozenset(url.split("/")[0].split(".")[0] for url in TOP_LEVEL)
# names Windows gives to devices: a folder called "con" cannot be created, copied or
# unzipped there (any letter case, with or without an extension)
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)
MAX_NAME_BYTES = 255  # a file or folder name on common file systems and in zip tools
# the longest name built from a slug: the guide's member name in a referral kit zip
LONGEST_SLUG_SUFFIX = "-" + max(GUIDE_FILE, FORM_FILE, key=len)


def name_problem(name: str, suffix: str = "") -> str | None:
    """Why ``name`` (with ``suffix``, the longest thing added to it) cannot name a file
    or folder everywhere a site is copied, unzipped or served from; None if it can."""
    if name.split(".")[0].lower() in WINDOWS_RESERVED:
        return (
            f"{name!r} is a device name on Windows (CON, PRN, AUX, NUL, COM0–COM9, "
            "LPT0–LPT9): a folder or file with it cannot be copied or unzipped there"
        )
    size = len((name + suffix).encode("utf-8"))
    if size > MAX_NAME_BYTES:
        made = f" (as {suffix!r} is added to it)" if suffix else ""
        return (
            f"a name of {size} bytes{made}; file and folder names hold at most "
            f"{MAX_NAME_BYTES} bytes"
        )
    return None


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be a service line's address (None if it can): one of
    ReferKit's own top-level addresses, a Windows device name, or too long."""
    if slug in RESERVED_SLUGS:
        return f"/{slug}/ is one of ReferKit's own addresses; reserved: " + ", ".join(
            sorted(RESERVED_SLUGS)
        )
    return name_problem(slug, LONGEST_SLUG_SUFFIX)


def service_line_url(slug: str) -> str:
    return f"{slug}/"


def guide_url(slug: str) -> str:
    return f"{slug}/{GUIDE_FILE}"


def form_url(slug: str) -> str:
    return f"{slug}/{FORM_FILE}"


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
