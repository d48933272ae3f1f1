"""Starting an explainer (`build.py new "Judul"`): a folder whose files show every field, with placeholders.

Every value the editor still has to write is a placeholder starting with ``TODO:``, which `check` refuses
("replace the placeholder"), so a half-filled explainer cannot be published by mistake. The comments
are in Indonesian, the editors' language; tests check that they mention every field of the model.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from penjelas.content.fields import PLACEHOLDER, SLUG
from penjelas.content.model import FRONT_MATTER_SPEC
from penjelas.content.nodes import Scalar
from penjelas.content.schema import Checker, slugify
from penjelas.core.dates import today
from penjelas.core.errors import Problem, as_typed
from penjelas.core.messages import t
from penjelas.site.urls import RESERVED

MAX_SLUG_LENGTH = 60
"""Folder names made from long titles are cut at a word boundary: they become URLs."""


class ScaffoldError(Exception):
    """Why an explainer could not be created; the message says what to do."""


@dataclass(frozen=True)
class Created:
    """An explainer folder just made."""

    folder: Path
    shown: str
    """The folder as the editor knows it: 'content/explainers/<slug>/'."""

    def message(self) -> str:
        """What to do next, for the terminal."""
        return "\n".join(
            [
                t("Created {folder} with index.md, timeline.yaml and facts.yaml.", folder=self.shown),
                t(
                    "Next: replace every '{placeholder}' placeholder (`make check` lists the ones left), "
                    "and watch the page in `make serve`.",
                    placeholder=PLACEHOLDER,
                ),
                t("It stays a draft, shown only in the preview, until you delete the line 'draft: true' in index.md."),
            ]
        )


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def scaffold_files(title: str, day: dt.date) -> dict[str, str]:
    """The three files of a new explainer, by name."""
    return {"index.md": _index_md(title, day), "timeline.yaml": _timeline_yaml(), "facts.yaml": _facts_yaml()}


def _index_md(title: str, day: dt.date) -> str:
    """The front matter, every field shown with what it is for, and a placeholder body."""
    return f"""---
# Judul penjelasan, tampil sebagai judul halaman (wajib).
title: {_quoted(title)}
# Jawaban singkat dalam satu atau dua kalimat (wajib).
summary: "{PLACEHOLDER} tulis ringkasan dalam satu atau dua kalimat"
# Tanggal terbit, TTTT-BB-HH (wajib). Bertanggal setelah hari ini = belum terbit.
date: "{day.isoformat()}"
# Tanggal pembaruan besar terakhir, TTTT-BB-HH (opsional: hapus tanda # untuk memakainya).
# updated: "{day.isoformat()}"
# Perubahan setelah terbit, masing-masing bertanggal: pembaruan, koreksi, ralat, atau hak-jawab (opsional).
# updates:
#   - date: "{day.isoformat()} 14:30"
#     kind: "koreksi"
#     text: "Apa yang berubah dan mengapa"
# Topik; tiap topik punya halaman sendiri (opsional: hapus bila tak perlu).
tags:
  - "{PLACEHOLDER} topik"
# Nama folder penjelasan lain yang terkait, tampil paling atas di samping (opsional).
# related:
#   - "nama-folder-penjelasan-lain"
# Bacaan lanjutan di situs lain: judul dan alamatnya (opsional).
# read_also:
#   - title: "Judul artikel"
#     url: "https://contoh.com/artikel"
# Kode penulis dari content/authors.yaml, sesuai urutan di baris "Oleh" (opsional; tanpa baris ini
# penerbit dari site.yaml yang tampil).
# authors:
#   - "kode-penulis"
# Foto utama: gambar yang diuraikan di media.yaml di folder ini (alt, credit), tampil di bawah ringkasan
# dan saat tautan dibagikan. Gambar lain di folder ini juga bisa, dengan image_alt berisi keterangan
# isinya (opsional; tanpa gambar, situs membuat kartu berisi judul).
# image: "foto.jpg"
# image_alt: "Apa yang tampak di gambar"
# Bila penjelasan ditarik setelah terbit: tanggal dan alasannya untuk pembaca (opsional; halaman tetap ada).
# withdrawn:
#   date: "{day.isoformat()}"
#   reason: "Alasan penarikan"
# Selama baris ini ada, penjelasan hanya tampil di pratinjau. Hapus bila siap terbit.
draft: true
# Di bawah garis penutup: isi penjelasan dalam Markdown. Pisahkan paragraf dengan
# baris kosong; subjudul diawali "## ", tautan ditulis [teks](https://alamat).
---
{PLACEHOLDER} tulis isi penjelasan di sini.
"""


def _timeline_yaml() -> str:
    """One timeline event to copy, every field shown."""
    return f"""# Linimasa: satu blok per peristiwa, masing-masing diawali "- date:".
# Urutan di berkas ini bebas; halaman menampilkannya menurut tanggal.
# Salin seluruh blok untuk menambah peristiwa.

# Kapan terjadi: TTTT, TTTT-BB atau TTTT-BB-HH, setepat yang diketahui (wajib).
- date: "{PLACEHOLDER} TTTT-BB-HH"
  # Akhir rentang waktu, bentuknya sama seperti date (opsional).
  # until: "TTTT-BB"
  # Apa yang terjadi, dalam satu baris (wajib).
  title: "{PLACEHOLDER} apa yang terjadi"
  # Rincian dalam Markdown (opsional: hapus baris ini bila tak perlu).
  text: "{PLACEHOLDER} rincian peristiwa"
  # Sumber: id dari content/sources.yaml, satu per baris (tanpa sumber: peringatan).
  sources:
    - "{PLACEHOLDER} id-sumber"
"""


def _facts_yaml() -> str:
    """One fact to copy, every field shown."""
    return f"""# Kotak fakta: satu blok per fakta, masing-masing diawali "- label:".
# Fakta tampil dalam urutan seperti di berkas ini. Salin seluruh blok untuk menambah fakta.

# Tentang apa fakta ini (wajib).
- label: "{PLACEHOLDER} tentang apa"
  # Faktanya (wajib). Angka selalu dalam tanda kutip, misalnya "1.10".
  value: "{PLACEHOLDER} faktanya"
  # Sumber (wajib): id dari content/sources.yaml, satu per baris.
  sources:
    - "{PLACEHOLDER} id-sumber"
"""


def slug_for(title: str) -> str:
    """A folder name from a title: accents folded, lowercase, hyphens; long ones cut at a hyphen."""
    slug = slugify(title)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = (
            slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG_LENGTH] else slug[:MAX_SLUG_LENGTH]
        )
    return slug


def create_explainer(content_dir: Path, title: str, slug: str | None = None, day: dt.date | None = None) -> Created:
    """Create ``content/explainers/<slug>/``; ScaffoldError if the title or slug is unusable or it exists."""
    problems: list[Problem] = []
    title_field = next(f for f in FRONT_MATTER_SPEC.fields if f.name == "title")
    checked = Checker("title", problems).check(Scalar(1, 1, title, title, True), title_field.type, "title")
    if problems:
        problem = problems[0]
        raise ScaffoldError(problem.message + (f" ({problem.hint})" if problem.hint else ""))
    title = str(checked)
    if slug is None:
        slug = slug_for(title)
        if not slug:
            raise ScaffoldError(
                t(
                    "the title has no letters or digits to make a folder name from; give one with {option}",
                    option=_slug_option(),
                )
            )
    elif not SLUG.match(slug):
        raise ScaffoldError(
            t(
                "'{slug}' is not a valid folder name: use lowercase letters, digits and single hyphens, "
                "e.g. '{example}'",
                slug=slug,
                example=slug_for(slug) or "judul-explainer",
            )
        )
    if slug in RESERVED:
        raise ScaffoldError(
            t(
                "the folder name '{slug}' is reserved for the site's own pages; give another with {option}",
                slug=slug,
                option=_slug_option(),
            )
        )
    if not content_dir.is_dir():
        raise ScaffoldError(
            t("there is no content folder at {folder}; run this in the project folder", folder=content_dir)
        )
    try:
        day = day or today()
    except ValueError as exc:
        raise ScaffoldError(str(exc)) from None
    explainers = content_dir / "explainers"
    folder = explainers / slug
    shown = f"{content_dir.name}/explainers/{slug}/"
    explainers.mkdir(exist_ok=True)
    try:
        folder.mkdir()  # claims the name: fails if anything is there already, even an empty folder
    except FileExistsError:
        raise ScaffoldError(
            t(
                "{folder} already exists; nothing was changed. Choose another title, or a folder name with {option}",
                folder=shown,
                option=_slug_option(),
            )
        ) from None
    for name, text in scaffold_files(title, day).items():
        with open(folder / name, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    return Created(folder, shown)


def _slug_option() -> str:
    return as_typed("--slug", 'SLUG=nama-folder (make new TITLE="..." SLUG=nama-folder)')
