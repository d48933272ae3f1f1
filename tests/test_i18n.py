"""The translation catalogue: read with Babel, or from what the last build kept while it is unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from penjelas.render.translations import load_translations
from tests.conftest import ROOT


def _locale(tmp_path: Path) -> Path:
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", locale)
    return locale


def test_kept_messages_are_the_catalogues_own(tmp_path: Path) -> None:
    locale, cache = _locale(tmp_path), tmp_path / "catalogue.json"
    read = load_translations(locale, "id-ID")
    assert read.language == "id" and read.messages
    assert load_translations(locale, "id-ID", cache) == read  # read, then kept
    assert cache.is_file()
    assert load_translations(locale, "id-ID", cache) == read  # from what was kept


def test_a_changed_catalogue_is_read_again(tmp_path: Path) -> None:
    locale, cache = _locale(tmp_path), tmp_path / "catalogue.json"
    load_translations(locale, "id", cache)
    po = locale / "id" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Beranda"' in text
    po.write_text(text.replace('msgstr "Beranda"', 'msgstr "Halaman depan"'), encoding="utf-8")
    assert "Halaman depan" in load_translations(locale, "id", cache).messages.values()


def test_a_damaged_or_foreign_cache_is_not_believed(tmp_path: Path) -> None:
    locale, cache = _locale(tmp_path), tmp_path / "catalogue.json"
    read = load_translations(locale, "id")
    for kept in ("{not json", json.dumps({"key": "another", "messages": {"Home": "Salah"}}), json.dumps([1, 2])):
        cache.write_text(kept, encoding="utf-8")
        assert load_translations(locale, "id", cache) == read
    load_translations(locale, "id", cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["messages"]["Home"] = 7
    cache.write_text(json.dumps(kept), encoding="utf-8")
    assert load_translations(locale, "id", cache) == read


def test_kept_messages_spare_loading_babels_catalogue_reader(tmp_path: Path) -> None:
    locale, cache = _locale(tmp_path), tmp_path / "catalogue.json"
    load_translations(locale, "id", cache)
    script = (
        "import sys\nfrom pathlib import Path\nfrom penjelas.render.translations import load_translations\n"
        f"load_translations(Path({str(locale)!r}), 'id', Path({str(cache)!r}))\n"
        "print('babel.messages.pofile' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
