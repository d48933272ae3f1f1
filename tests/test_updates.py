"""Updates, corrections and replies (issue 16, first part): the front matter's ``updates``, checked at their
lines, shown under the headline, at the top (corrections) and in the change history, and in the JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from penjelas.build import Options, Project, build, check
from penjelas.core.errors import ContentError
from tests.hostile import SITE_YAML, explainer, write_content

UPDATES = """\
updates:
  - date: "2024-06-25 14:30"
    kind: "koreksi"
    text: "Angka wisatawan dikoreksi dari 50.000 menjadi *5.000*."
  - date: "2024-06-20"
    kind: "pembaruan"
    text: "Ditambahkan tanggapan kementerian."
  - date: "2024-06-26 09:05"
    kind: "hak-jawab"
    text: "Kementerian menyampaikan bahwa angka itu sementara."
    by: "Kementerian Pariwisata"
"""


def built(tmp_path: Path, extra: str = UPDATES, site: str = SITE_YAML) -> Path:
    root = write_content(tmp_path / "site", {"site.yaml": site, "explainers/satu/index.md": explainer(extra=extra)})
    build(Project(root), root / "output")
    return root / "output"


def errors(tmp_path: Path, extra: str) -> list[str]:
    root = write_content(tmp_path / "site", {"explainers/satu/index.md": explainer(extra=extra)})
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert not (root / "output").exists()
    return [p.format() for p in caught.value.problems]


def test_the_latest_update_is_the_pages_update_time(tmp_path: Path) -> None:
    html = (built(tmp_path) / "satu" / "index.html").read_text("utf-8")
    assert (
        'Terbit <time datetime="2024-06-19">19 Juni 2024</time> · Diperbarui '
        '<time datetime="2024-06-26T09:05:00+07:00">26 Juni 2024, 09.05 WIB</time>'
    ) in html


def test_a_correction_is_shown_before_the_summary_and_every_update_in_the_history(tmp_path: Path) -> None:
    html = (built(tmp_path) / "satu" / "index.html").read_text("utf-8")
    notice = html.index('class="correction-notice"')
    assert notice < html.index('class="summary"')
    assert (
        '<strong>Koreksi</strong> (<time datetime="2024-06-25T14:30:00+07:00">25 Juni 2024, 14.30 WIB</time>)' in html
    )
    assert "dari 50.000 menjadi <em>5.000</em>." in html
    assert html.count('class="correction-notice"') == 1  # a reply and an update are not corrections
    history = html[html.index('<section class="history"') :]
    anchors = re.findall(r'<li id="(perubahan-[^"]+)">', history)
    assert anchors == [
        "perubahan-2024-06-26-0905-hak-jawab",
        "perubahan-2024-06-25-1430-koreksi",
        "perubahan-2024-06-20-pembaruan",
    ]  # newest first
    assert "<strong>Hak jawab dari Kementerian Pariwisata</strong>" in history
    assert '<a href="#perubahan-2024-06-25-1430-koreksi">Riwayat perubahan</a>' in html


def test_json_ld_has_the_update_as_date_modified_and_the_correction(tmp_path: Path) -> None:
    html = (built(tmp_path) / "satu" / "index.html").read_text("utf-8")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    article = next(d for d in map(json.loads, scripts) if "NewsArticle" in d["@type"])
    assert article["dateModified"] == "2024-06-26T09:05:00+07:00"
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Angka wisatawan dikoreksi dari 50.000 menjadi 5.000.",
            "datePublished": "2024-06-25T14:30:00+07:00",
        }
    ]


def test_the_feed_entry_moves_with_the_update(tmp_path: Path) -> None:
    feed = feedparser.parse((built(tmp_path) / "feed.xml").read_bytes())
    (entry,) = feed.entries
    assert entry.updated == "2024-06-26T09:05:00+07:00"  # the update's own time
    assert entry.published.startswith("2024-06-19")


def test_the_zone_abbreviation_follows_the_site(tmp_path: Path) -> None:
    site = SITE_YAML + 'timezone: "Asia/Makassar"\n'
    html = (built(tmp_path, site=site) / "satu" / "index.html").read_text("utf-8")
    assert '<time datetime="2024-06-26T09:05:00+08:00">26 Juni 2024, 09.05 WITA</time>' in html


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            'updates:\n  - date: "2024-06-25"\n    kind: "koreksii"\n    text: "x"\n',
            "index.md:7:11: error: 'koreksii' is not a kind of update (did you mean 'koreksi'?)",
        ),
        (
            'updates:\n  - date: "2024-06-01"\n    kind: "koreksi"\n    text: "x"\n',
            "index.md:6:11: error: this update (2024-06-01) is dated before the explainer (2024-06-19)",
        ),
        (
            'updates:\n  - date: "25 Juni 2024"\n    kind: "koreksi"\n    text: "x"\n',
            "index.md:6:11: error: '25 Juni 2024' is not a date in the form YYYY-MM-DD or YYYY-MM-DD HH:MM",
        ),
        (
            'updates:\n  - date: "2024-06-25 25:00"\n    kind: "koreksi"\n    text: "x"\n',
            "index.md:6:11: error: '2024-06-25 25:00' is not a date or time that exists",
        ),
        (
            'updates:\n  - date: "2024-06-25"\n    kind: "hak-jawab"\n    text: "x"\n',
            "index.md:6:5: error: a right of reply (hak-jawab) needs 'by'",
        ),
        (
            'updates:\n  - date: "2024-06-25"\n    kind: "ralat"\n    text: "x"\n'
            '  - date: "2024-06-25"\n    kind: "ralat"\n    text: "y"\n',
            "index.md:9:11: error: this update repeats the one at line 6 (same time and kind)",
        ),
        (
            'updated: "2024-06-24"\nupdates:\n  - date: "2024-06-25"\n    kind: "pembaruan"\n    text: "x"\n',
            "index.md:5:10: error: 'updated' (2024-06-24) is not the day of the latest entry in 'updates' (2024-06-25)",
        ),
        (
            'updates:\n  - date: "2024-06-25"\n    text: "x"\n',
            "index.md:6:5: error: an update is missing the required key 'kind'",
        ),
    ],
    ids=["kind", "before", "format", "no-such-time", "reply-without-by", "duplicate", "updated", "no-kind"],
)
def test_bad_updates_are_named_at_their_line(tmp_path: Path, extra: str, expected: str) -> None:
    found = errors(tmp_path, extra)
    assert len(found) == 1 and expected in found[0], found


def test_updated_may_repeat_the_latest_update(tmp_path: Path) -> None:
    extra = 'updated: "2024-06-25"\nupdates:\n  - date: "2024-06-25 08:00"\n    kind: "pembaruan"\n    text: "x"\n'
    html = (built(tmp_path, extra=extra) / "satu" / "index.html").read_text("utf-8")
    assert "25 Juni 2024, 08.00 WIB" in html


def test_the_corrections_page_lists_every_correction_and_reply_newest_first(tmp_path: Path) -> None:
    out = built(tmp_path)
    html = (out / "koreksi" / "index.html").read_text("utf-8")
    links = re.findall(r'<h2><a href="([^"]+)">', html)
    assert links == ["/satu/#perubahan-2024-06-26-0905-hak-jawab", "/satu/#perubahan-2024-06-25-1430-koreksi"]
    assert "pembaruan" not in html.split("<main", 1)[1]  # an ordinary update is not a correction
    page = (out / "satu" / "index.html").read_text("utf-8")
    for link in links:
        assert f'id="{link.split("#")[1]}"' in page, "each link reaches its notice"
    assert '<a href="/koreksi/">Koreksi dan hak jawab</a>' in page  # from every page's footer


def test_the_corrections_feed_reads_in_feedparser(tmp_path: Path) -> None:
    feed = feedparser.parse((built(tmp_path) / "koreksi" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.id for e in feed.entries] == [
        "https://example.org/satu/#perubahan-2024-06-26-0905-hak-jawab",
        "https://example.org/satu/#perubahan-2024-06-25-1430-koreksi",
    ]
    assert feed.entries[1].summary == "Angka wisatawan dikoreksi dari 50.000 menjadi 5.000."
    assert feed.entries[0].updated == "2024-06-26T09:05:00+07:00"
    sitemap = (built(tmp_path / "again") / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/koreksi/</loc>\n    <lastmod>2024-06-26</lastmod>" in sitemap


def test_a_site_contact_gives_every_explainer_a_report_link(tmp_path: Path) -> None:
    site = SITE_YAML + 'contact: "redaksi@example.id"\ncorrections_policy: "https://example.org/pedoman/"\n'
    html = (built(tmp_path, site=site) / "satu" / "index.html").read_text("utf-8")
    assert '<a href="mailto:redaksi@example.id?subject=Kesalahan%20di%3A%20Judul">Laporkan kesalahan</a>' in html
    assert '<a href="https://example.org/pedoman/">Pedoman koreksi</a>' in html
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    article = next(d for d in map(json.loads, scripts) if "NewsArticle" in d["@type"])
    assert article["publisher"]["correctionsPolicy"] == "https://example.org/pedoman/"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('contact: "redaksi at example"\n', "'contact' must be an email address or a web address"),
        ('corrections_policy: "Pedoman Koreksi"\n', "'corrections_policy' must be an explainer's folder name"),
        ('corrections_policy: "pedoman"\n', "'corrections_policy' names 'pedoman', which is not an explainer"),
    ],
)
def test_bad_contact_settings_are_refused(tmp_path: Path, line: str, expected: str) -> None:
    root = write_content(
        tmp_path / "site", {"site.yaml": SITE_YAML + line, "explainers/satu/index.md": explainer(extra=UPDATES)}
    )
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert caught.value.problems[0].format().startswith("content/site.yaml")
    assert expected in caught.value.problems[0].message


WITHDRAWN = 'withdrawn:\n  date: "2024-07-01"\n  reason: "Sumber utama mencabut laporannya."\n'


def test_a_withdrawn_explainer_keeps_its_address_and_leaves_every_list(tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "site",
        {
            "explainers/satu/index.md": explainer(extra=WITHDRAWN + 'tags:\n  - "Topik"\n', body="Isi yang ditarik."),
            "explainers/dua/index.md": explainer(title="Dua", extra='tags:\n  - "Topik"\n'),
        },
    )
    build(Project(root), root / "output")
    out = root / "output"
    page = (out / "satu" / "index.html").read_text("utf-8")
    assert '<div class="withdrawn-notice" id="penarikan">' in page
    assert "Sumber utama mencabut laporannya." in page and "Isi yang ditarik." not in page
    assert '<meta name="robots" content="noindex">' in page
    for listing in ("index.html", "topik/topik/index.html", "feed.xml", "sitemap.xml", "topik/topik/feed.xml"):
        assert "/satu/" not in (out / listing).read_text("utf-8"), listing
    corrections = (out / "koreksi" / "index.html").read_text("utf-8")
    assert '<a href="/satu/#penarikan">Judul</a>' in corrections and "<strong>Ditarik</strong>" in corrections
    feed = feedparser.parse((out / "koreksi" / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == ["https://example.org/satu/#penarikan"]


def test_a_withdrawal_needs_its_reason(tmp_path: Path) -> None:
    (error,) = errors(tmp_path, 'withdrawn:\n  date: "2024-07-01"\n')
    assert "index.md:6:3: error: a withdrawal is missing the required key 'reason'" in error


def test_an_update_dated_after_the_build_day_is_refused(tmp_path: Path) -> None:
    extra = 'updates:\n  - date: "2024-07-01"\n    kind: "pembaruan"\n    text: "x"\n'
    root = write_content(tmp_path / "site", {"explainers/satu/index.md": explainer(extra=extra)})
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output", Options(today=dt.date(2024, 6, 30)))
    (problem,) = caught.value.problems
    assert problem.format().startswith("content/explainers/satu/index.md:5: error: 'updates' has an entry dated")
    assert "2024-07-01, after today (2024-06-30)" in problem.message
    build(Project(root), root / "output", Options(today=dt.date(2024, 7, 1)))  # on the day, it is fine


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=uji@example.org", "-c", "user.name=Uji", *args],
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_check_since_warns_of_an_article_changed_without_an_update(tmp_path: Path) -> None:
    root = write_content(tmp_path / "site", {"explainers/satu/index.md": explainer(body="Isi lama.")})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    index = root / "content" / "explainers" / "satu" / "index.md"

    def unrecorded(since: str) -> list[str]:
        return [w.format() for w in check(Project(root), since=since).warnings if w.path.endswith("index.md")]

    assert unrecorded("HEAD") == []  # unchanged
    index.write_text(explainer(body="Isi baru."), encoding="utf-8")
    assert unrecorded("HEAD") == [
        "content/explainers/satu/index.md:6: warning: the article changed since HEAD but 'updates' has no new "
        "entry (add an updates entry if the content changed (a typo needs none))"
    ]
    extra = 'updates:\n  - date: "2024-06-20"\n    kind: "pembaruan"\n    text: "Isi diperbarui."\n'
    index.write_text(explainer(body="Isi baru.", extra=extra), encoding="utf-8")
    assert unrecorded("HEAD") == []  # recorded
    assert unrecorded("no-such-revision") == []  # silent where git cannot say
    shutil.rmtree(root / ".git")
    index.write_text(explainer(body="Isi ketiga."), encoding="utf-8")
    assert unrecorded("HEAD") == []  # and where there is no git
