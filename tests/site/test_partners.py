"""Partners and campaigns: unlisted coded pages, partner PDFs and kits, nothing public changes."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers.project import (
    FIXTURES,
    TODAY,
    build_site,
    copy_project,
    html_pages,
    run_build_py,
    soup,
)
from pypdf import PdfReader
from referkit.kit.referral_kit import deterministic_zip

SITE = "https://refer.example.org/"
MINI_SITE = "https://clinic.example.org/"
NORTHSIDE = "for/northside-family-medicine/"
PRAIRIE = "for/prairie-cardiac-rehab/"

MINI_PARTNERS = """\
query_param: ref
partners:
  - {id: harbor-family, name: Harbor Family Practice, code: HFP-1}
campaigns:
  - {id: running, name: Running campaign, code: RUN1, from: 2026-11-01, until: 2026-12-31}
  - {id: ended, name: Ended campaign, code: END1, from: 2026-01-01, until: 2026-06-30}
  - {id: upcoming, name: Upcoming campaign, code: UP1, from: 2027-01-01}
"""


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _write_partners(project: Path, text: str = MINI_PARTNERS) -> None:
    (project / "service_lines" / "_partners.yaml").write_text(text, encoding="utf-8")


# --- the demo: two partners and a running campaign ------------------------------


def test_partner_page_is_unlisted_and_carries_coded_links(demo_site: Path) -> None:
    page = soup(demo_site / NORTHSIDE / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.h1.get_text(strip=True) == "Referrals from Northside Family Medicine"
    article = page.select_one("article")
    assert "Referral source code: NFM-01" in " ".join(article.get_text(" ").split())
    portal_links = [a["href"] for a in article.find_all("a", string="Send an e-referral")]
    assert portal_links and set(portal_links) == {
        "https://refer.example.org/e-referral?ref=NFM-01"
    } | ({"https://refer.example.org/imaging-orders?ref=NFM-01"} & set(portal_links))
    guide = article.select_one('#cardiology a[href="cardiology/referral-guide.pdf"]')
    form = article.select_one('#cardiology a[href="cardiology/referral-form.pdf"]')
    assert guide is not None and form is not None
    assert article.select_one('a[href="referral-kit.zip"]') is not None
    [block] = page.find_all("script", type="application/ld+json")
    assert json.loads(block.string)["@graph"][0]["url"] == SITE + NORTHSIDE


def test_partner_pages_are_absent_from_sitemap_search_and_navigation(demo_site: Path) -> None:
    sitemap = (demo_site / "sitemap.xml").read_text()
    assert "/for/" not in sitemap
    index = json.loads((demo_site / "search" / "search_index.json").read_text())
    assert not [doc for doc in index["docs"] if doc["location"].startswith("for/")]
    public = [
        p
        for p in html_pages(demo_site)
        if not p.relative_to(demo_site).as_posix().startswith("for/")
    ]
    for path in public:
        hrefs = [a.get("href", "") for a in soup(path).find_all("a")]
        assert not [h for h in hrefs if "for/" in h], path
    assert len(public) > 20


def test_limited_partner_gets_only_its_service_lines(demo_site: Path) -> None:
    page = soup(demo_site / PRAIRIE / "index.html")
    sections = [s["id"] for s in page.select("section.rk-partner-line")]
    assert sections == ["cardiology", "electrophysiology"]
    folders = sorted(p.name for p in (demo_site / PRAIRIE).iterdir() if p.is_dir())
    assert folders == ["cardiology", "electrophysiology"]
    northside = soup(demo_site / NORTHSIDE / "index.html")
    assert len(northside.select("section.rk-partner-line")) == 7


def test_running_campaign_is_built(demo_site: Path) -> None:
    page = soup(demo_site / "for" / "afib-2026" / "index.html")
    assert page.h1.get_text(strip=True) == (
        "Referrals from Atrial fibrillation referral pathway 2026"
    )
    assert "AF26" in page.select_one(".rk-referral-code").get_text()


def test_partner_guide_prints_the_code_and_its_qr_opens_the_partner_page(
    demo_site: Path, tmp_path: Path
) -> None:
    guide = demo_site / NORTHSIDE / "cardiology" / "referral-guide.pdf"
    assert len(PdfReader(guide).pages) == 1
    text = _text(guide)
    assert "Referral source code: NFM-01" in text
    assert "Cardiology referral guide" in text
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(guide), str(tmp_path / "g")], check=True)
    png = next(tmp_path.glob("g*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert decoded == [SITE + NORTHSIDE]
    # the public guide has no code and still points at the public page
    public = _text(demo_site / "cardiology" / "referral-guide.pdf")
    assert "Referral source code" not in public


def test_partner_form_has_a_prefilled_read_only_code_field(demo_site: Path) -> None:
    reader = PdfReader(demo_site / NORTHSIDE / "cardiology" / "referral-form.pdf")
    fields = reader.get_fields()
    code = fields["referral_source_code"]
    assert code.get("/V") == "NFM-01"
    assert int(code.get("/Ff", 0)) & 1 == 1  # read-only
    assert int(fields["referring_clinician"].get("/Ff", 0)) & 1 == 0
    # pdftotext drops the hyphen where "e-referral" breaks across lines
    assert "referral?ref=NFM-01" in _text(
        demo_site / NORTHSIDE / "cardiology" / "referral-form.pdf"
    )
    public = PdfReader(demo_site / "cardiology" / "referral-form.pdf").get_fields()
    assert "referral_source_code" not in public


def test_referral_kit_zip_holds_the_partners_pdfs_byte_for_byte(demo_site: Path) -> None:
    raw = (demo_site / PRAIRIE / "referral-kit.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
        assert names == [
            "cardiology-referral-form.pdf",
            "cardiology-referral-guide.pdf",
            "electrophysiology-referral-form.pdf",
            "electrophysiology-referral-guide.pdf",
            "how-to-refer.pdf",
        ]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for name in names[:-1]:
            slug, _, kind = name.partition("-referral-")
            published = (demo_site / PRAIRIE / slug / f"referral-{kind}").read_bytes()
            assert archive.read(name) == published, name
        overview = archive.read("how-to-refer.pdf")
    assert overview == (demo_site / PRAIRIE / "how-to-refer.pdf").read_bytes()
    assert deterministic_zip({"b": b"2", "a": b"1"}) == deterministic_zip({"a": b"1", "b": b"2"})


def test_overview_is_one_page_with_contacts_and_targets(demo_site: Path) -> None:
    path = demo_site / NORTHSIDE / "how-to-refer.pdf"
    assert len(PdfReader(path).pages) == 1
    text = " ".join(_text(path).split())
    assert "How to refer to us" in text
    assert "Prepared for Northside Family Medicine" in text
    assert "Referral source code: NFM-01" in text
    assert "Main phone (608) 555-0100" in text or "(608) 555-0100" in text
    assert "Urgent: seen within 3 business days" in text  # cardiology
    assert "Gastroenterology" in text and "Orthopedics" in text
    assert "referral?ref=NFM-01" in text


def test_links_command_prints_every_url_and_code() -> None:
    result = run_build_py("links", "--format", "csv", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "kind,id,name,code,page_url,kit_url,service_lines"
    assert [line.split(",")[:4] for line in lines[1:]] == [
        ["campaign", "afib-2026", "Atrial fibrillation referral pathway 2026", "AF26"],
        ["partner", "northside-family-medicine", "Northside Family Medicine", "NFM-01"],
        ["partner", "prairie-cardiac-rehab", "Prairie Cardiac Rehabilitation", "PCR-02"],
    ]
    assert f"{SITE}for/afib-2026/" in lines[1]
    ended = run_build_py("links", "--format", "csv", "--today", "2027-04-01")
    assert "afib-2026" not in ended.stdout


# --- small projects -------------------------------------------------------------


def _tree_digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
        and not p.relative_to(site).as_posix().startswith("for/")
        and p.name != ".referkit-build.json"  # the build stamp digests every input
    }


def test_public_site_is_byte_identical_with_and_without_partners(
    mini: Path, tmp_path: Path
) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdf: false", "pdf: true"))
    without = tmp_path / "without"
    assert build_site(mini, without).returncode == 0
    _write_partners(mini)
    with_partners = tmp_path / "with"
    result = build_site(mini, with_partners)
    assert result.returncode == 0, result.stderr
    assert (with_partners / "for" / "harbor-family" / "index.html").is_file()
    assert (with_partners / "for" / "harbor-family" / "referral-kit.zip").is_file()
    assert _tree_digest(with_partners) == _tree_digest(without)


def test_campaigns_outside_their_dates_are_not_built(mini: Path, tmp_path: Path) -> None:
    _write_partners(mini)
    out = tmp_path / "out"
    assert build_site(mini, out).returncode == 0  # --today 2026-11-23
    built = sorted(p.name for p in (out / "for").iterdir())
    assert built == ["harbor-family", "running"]
    later = tmp_path / "later"
    result = run_build_py(
        "build", "--project", str(mini), "--out", str(later), "--today", "2027-01-02"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (later / "for").iterdir()) == ["harbor-family", "upcoming"]


def test_ref_joins_an_existing_query_with_an_ampersand(mini: Path, tmp_path: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    path.write_text(
        path.read_text().replace(
            "portal: https://clinic.example.org/e-referral",
            "portal: https://clinic.example.org/e-referral?dept=cardio&lang=en",
        )
    )
    _write_partners(mini)
    out = tmp_path / "out"
    assert build_site(mini, out).returncode == 0
    page = soup(out / "for" / "harbor-family" / "index.html")
    link = page.find("a", string="Send an e-referral")["href"]
    assert link == "https://clinic.example.org/e-referral?dept=cardio&lang=en&ref=HFP-1"
    public = soup(out / "cardiology" / "index.html")
    assert public.find("a", href="https://clinic.example.org/e-referral?dept=cardio&lang=en")


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            "partners:\n  - {id: a, name: A, code: A-1, service_lines: [cardiolgy]}\n",
            "service_lines/_partners.yaml:2:49: RK501 partners[0].service_lines[0]: "
            "unknown service line 'cardiolgy'; did you mean 'cardiology'?",
        ),
        (
            "partners:\n  - {id: a, name: A, code: A-1}\n  - {id: b, name: B, code: a-1}\n",
            "service_lines/_partners.yaml:3:28: RK502 partners[1].code: "
            "code 'a-1' is already used by partners[0]",
        ),
        (
            "campaigns:\n  - {id: c, code: C1, from: 2026-12-01, until: 2026-11-01}\n",
            "service_lines/_partners.yaml:2:48: RK503 campaigns[0].until: "
            "campaign 'c' ends (2026-11-01) before it starts (2026-12-01)",
        ),
        (
            "campaigns:\n  - {id: c, code: C1, from: next week}\n",
            "service_lines/_partners.yaml:2:29: RK102 campaigns[0].from: "
            "expected an ISO date (YYYY-MM-DD), got 'next week'",
        ),
        (
            "partners:\n  - {id: a, name: A, code: NFM 01}\n",
            "service_lines/_partners.yaml:2:28: RK102 partners[0].code: expected a referral "
            "code of letters, digits and single hyphens (at most 32), e.g. NFM-01, got 'NFM 01'",
        ),
        (
            "partners:\n  - {id: a, name: A, cod: X1}\n",
            "service_lines/_partners.yaml:2:22: RK101 partners[0].cod: "
            "unknown field 'cod'; did you mean 'code'?",
        ),
    ],
)
def test_bad_partners_file_is_reported_with_file_and_line(
    mini: Path, yaml_text: str, expected: str
) -> None:
    _write_partners(mini, yaml_text)
    result = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_overview_carries_routes_intake_counts_and_review(tmp_path: Path) -> None:
    """A v2 level routed "phone first" must not read as a plain fax referral."""
    project = copy_project(FIXTURES / "v2-direct-access", tmp_path / "project")
    _write_partners(project, "partners:\n  - {id: gp, name: Bay GP Clinic, code: BAY-1}\n")
    out = tmp_path / "out"
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    path = out / "for" / "gp" / "how-to-refer.pdf"
    assert len(PdfReader(path).pages) == 1
    # pypdf reads a table row cell by cell; words broken after a hyphen are rejoined
    text = re.sub(r"-\s+", "-", " ".join(PdfReader(path).pages[0].extract_text().split()))
    assert (
        "Immediate — Phone the on-call gastroenterology registrar through the hospital "
        "switchboard before sending the referral." in text
    )
    assert "Urgent: seen within 30 calendar days" in text
    assert "Must state: 3 items · Records: 1 required, 1 if available (listed in its guide)" in text
    assert "Reviewed Oct 15, 2026 by Head of gastroenterology" in text
    with zipfile.ZipFile(out / "for" / "gp" / "referral-kit.zip") as kit:
        assert "direct-access-gastroscopy-referral-guide.pdf" in kit.namelist()


def test_the_build_summary_counts_every_pdf_partner_copies_included(
    mini: Path, tmp_path: Path
) -> None:
    """The summary once counted 14 PDFs on the demo while the site held 39."""
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("      pdf: false\n", ""))  # PDFs on
    _write_partners(mini)
    out = tmp_path / "out"
    first = build_site(mini, out)
    assert first.returncode == 0, first.stderr
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert len(pdfs) == 2 + 2 * 3  # the guide and form, then each audience's and its overview
    assert f"{len(pdfs)} PDFs ({len(pdfs)} rendered, 0 from cache)" in first.stdout
    again = build_site(mini, out)
    assert f"{len(pdfs)} PDFs (0 rendered, {len(pdfs)} from cache)" in again.stdout
