"""A deterministic corpus of explainers shaped like a newsroom's, in Penjelas' content format.

Each explainer: 600-900 words of Markdown with headings, lists, quotes and links; 6-12 timeline events;
5-9 sourced facts; 2-5 tags out of 40; a few explicit related links. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import PIL.Image

WORDS = [
    "pemerintah",
    "kebijakan",
    "anggaran",
    "warga",
    "kota",
    "desa",
    "sungai",
    "banjir",
    "harga",
    "pangan",
    "beras",
    "listrik",
    "jalan",
    "tol",
    "pelabuhan",
    "nelayan",
    "petani",
    "sekolah",
    "guru",
    "rumah",
    "sakit",
    "dokter",
    "vaksin",
    "pemilu",
    "partai",
    "menteri",
    "presiden",
    "parlemen",
    "undang-undang",
    "pajak",
    "ekspor",
    "impor",
    "investasi",
    "pabrik",
    "pekerja",
    "upah",
    "inflasi",
    "bank",
    "bunga",
    "kredit",
    "energi",
    "batu",
    "bara",
    "hutan",
    "lahan",
    "gambut",
    "asap",
    "polusi",
    "air",
    "bersih",
    "sampah",
    "daur",
    "ulang",
    "transportasi",
    "kereta",
    "bus",
    "bandara",
    "penerbangan",
    "wisata",
    "pulau",
    "laut",
    "cuaca",
    "musim",
    "hujan",
    "kemarau",
    "gempa",
    "tsunami",
    "gunung",
    "api",
    "pengungsi",
    "bantuan",
    "sosial",
    "data",
    "laporan",
    "survei",
    "penelitian",
    "kampus",
    "mahasiswa",
    "teknologi",
    "internet",
    "ponsel",
    "keamanan",
    "polisi",
    "pengadilan",
    "hakim",
    "jaksa",
    "korupsi",
    "transparansi",
    "anggota",
    "rapat",
    "keputusan",
    "rencana",
    "target",
    "program",
]
TAGS = tuple(f"Topik {i:02d}" for i in range(40))
SOURCES = tuple(f"sumber-{i:02d}" for i in range(30))


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        s = sentence(rng)
        out.append(s)
        count += len(s.split())
    return " ".join(out)


def body(rng: random.Random, slugs: list[str]) -> str:
    target = rng.randint(600, 900)
    parts: list[str] = []
    words = 0
    section = 0
    while words < target:
        kind = rng.random()
        if kind < 0.12:
            section += 1
            parts.append(f"## Bagian {section}: {sentence(rng, 2, 5)[:-1]}")
        elif kind < 0.22:
            items = [f"- {sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(items))
            words += sum(len(i.split()) for i in items)
        elif kind < 0.30:
            quote = sentence(rng, 10, 20)
            parts.append(f"> {quote}")
            words += len(quote.split())
        else:
            text = paragraph(rng, rng.randint(50, 90))
            if rng.random() < 0.4:
                text += f" Baca [laporan lengkap](https://contoh.example/laporan/{rng.randint(1, 999)})."
            if slugs and rng.random() < 0.15:
                text += f" Lihat juga [penjelasan lain](/{rng.choice(slugs)}/)."
            parts.append(text)
            words += len(text.split())
    return "\n\n".join(parts) + "\n"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def explainer_files(rng: random.Random, index: int, slugs: list[str]) -> dict[str, str]:
    slug = slugs[index]
    day = 1 + index % 28
    month = 1 + (index // 28) % 12
    year = 2010 + index // 336  # 5,000 explainers end in 2024: none dated in the future, none left out
    tags = rng.sample(TAGS, rng.randint(2, 5))
    others = [s for s in slugs if s != slug]
    related = rng.sample(others, min(len(others), rng.randint(0, 3)))
    front = [
        "---",
        f"title: {quoted(sentence(rng, 5, 10)[:-1])}",
        f"summary: {quoted(sentence(rng, 15, 30))}",
        f'date: "{year:04d}-{month:02d}-{day:02d}"',
        "tags:",
        *(f"  - {quoted(t)}" for t in tags),
    ]
    if related:
        front += ["related:", *(f"  - {quoted(r)}" for r in related)]
    front.append("---")
    events = []
    for _ in range(rng.randint(6, 12)):
        y = rng.randint(2015, 2024)
        precision = rng.random()
        if precision < 0.2:
            date = f"{y}"
        elif precision < 0.5:
            date = f"{y}-{rng.randint(1, 12):02d}"
        else:
            date = f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines = [f'- date: "{date}"', f"  title: {quoted(sentence(rng, 4, 9)[:-1])}"]
        if rng.random() < 0.7:
            lines.append(f"  text: {quoted(sentence(rng, 10, 25))}")
        lines.append("  sources: [" + ", ".join(rng.sample(SOURCES, rng.randint(1, 3))) + "]")
        events.append("\n".join(lines))
    facts = []
    for _ in range(rng.randint(5, 9)):
        facts.append(
            f'- label: {quoted(sentence(rng, 2, 5)[:-1])}\n  value: "{rng.randint(1, 99_999):,}"\n'.replace(",", ".")
            + "  sources: ["
            + ", ".join(rng.sample(SOURCES, rng.randint(1, 2)))
            + "]"
        )
    return {
        "index.md": "\n".join(front) + "\n" + body(rng, slugs),
        "timeline.yaml": "\n".join(events) + "\n",
        "facts.yaml": "\n".join(facts) + "\n",
    }


PICTURE_VARIANTS = 8
"""Scenes drawn for a corpus with pictures, cycled (each explainer's photo is still its own bytes)."""


def scene(variant: int, seed: int = 2024) -> PIL.Image.Image:
    """A deterministic 1600×1000 picture: a gradient, shapes and noise, which compresses like a photo."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed * 1000 + variant)
    top = tuple(rng.randint(0, 255) for _ in range(3))
    bottom = tuple(rng.randint(0, 255) for _ in range(3))
    mask = Image.linear_gradient("L").resize((1600, 1000))
    image = Image.composite(Image.new("RGB", (1600, 1000), top), Image.new("RGB", (1600, 1000), bottom), mask)
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x, y, size = rng.randint(0, 1600), rng.randint(0, 1000), rng.randint(40, 400)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse((x - size, y - size, x + size, y + size), fill=colour)
    # Noise and blur, so that the picture compresses like a photo rather than like flat shapes.
    noise = Image.effect_noise((1600, 1000), 40).convert("RGB")
    return Image.blend(image.filter(ImageFilter.GaussianBlur(3)), noise, 0.12)


def photo(scenes: list[PIL.Image.Image], index: int) -> bytes:
    """Explainer ``index``'s photo as a JPEG of about a newsroom photo's size: a scene with a mark of its own,
    so that no two explainers share a picture (the build would resize a shared one once)."""
    from PIL import ImageDraw

    image = scenes[index % len(scenes)].copy()
    x, y = 40 + (index * 37) % 1400, 40 + (index * 53) % 800
    ImageDraw.Draw(image).rectangle((x, y, x + 120, y + 80), fill=((index * 7) % 256, (index * 13) % 256, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def with_picture(files: dict[str, str], index: int) -> dict[str, str]:
    """An explainer's files with one picture: described in media.yaml, the lead photo, and a figure in the body
    after its second paragraph."""
    index_md = files["index.md"]
    front, body = index_md.split("\n---\n", 1)
    paragraphs = body.split("\n\n")
    paragraphs.insert(min(2, len(paragraphs)), "![](foto.jpg)")
    media = (
        f'- file: foto.jpg\n  alt: "Foto ilustrasi nomor {index}"\n  credit: "Foto: Arsip Penjelas"\n'
        f'  caption: "Keterangan foto penjelasan {index}."\n'
    )
    return {
        **files,
        "index.md": front + '\nimage: "foto.jpg"\n---\n' + "\n\n".join(paragraphs),
        "media.yaml": media,
    }


def generate(root: Path, count: int, seed: int = 2024, project: Path | None = None, pictures: bool = False) -> Path:
    """Write a project with ``count`` explainers under ``root`` (templates, static and locale copied from
    ``project``); with ``pictures``, each has a lead photo that is also a figure in its body."""
    project = project or Path(__file__).resolve().parent.parent
    if root.exists():
        shutil.rmtree(root)
    for part in ("templates", "static", "locale"):
        shutil.copytree(project / part, root / part)
    content = root / "content"
    (content / "explainers").mkdir(parents=True)
    (content / "site.yaml").write_text(
        'title: "Arsip Penjelas"\ndescription: "Korpus uji kecepatan."\nlanguage: "id"\n'
        'base_url: "https://contoh.example/arsip/"\nauthor: "Redaksi"\n',
        encoding="utf-8",
    )
    (content / "sources.yaml").write_text(
        "".join(f'{s}:\n  name: "Sumber {s[-2:]}"\n  url: "https://{s}.example/"\n' for s in SOURCES),
        encoding="utf-8",
    )
    rng = random.Random(seed)
    slugs = [f"penjelasan-{i:05d}" for i in range(count)]
    scenes = [scene(v, seed) for v in range(min(count, PICTURE_VARIANTS))] if pictures else []
    for index, slug in enumerate(slugs):
        folder = content / "explainers" / slug
        folder.mkdir()
        files = explainer_files(rng, index, slugs)
        if pictures:
            files = with_picture(files, index)
            (folder / "foto.jpg").write_bytes(photo(scenes, index))
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--pictures", action="store_true", help="give every explainer a lead photo and a figure")
    args = parser.parse_args()
    generate(args.root, args.n, args.seed, pictures=args.pictures)


if __name__ == "__main__":
    main()
