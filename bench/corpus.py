"""A deterministic corpus of explainers shaped like a newsroom's, in Penjelas' content format.

Each explainer: 600-900 words of Markdown with headings, lists, quotes and links; 6-12 timeline events;
5-9 sourced facts; 2-5 tags out of 40; a few explicit related links. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

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


def generate(root: Path, count: int, seed: int = 2024, project: Path | None = None) -> Path:
    """Write a project with ``count`` explainers under ``root`` (templates, static and locale copied from ``project``)."""
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
    for index, slug in enumerate(slugs):
        folder = content / "explainers" / slug
        folder.mkdir()
        for name, text in explainer_files(rng, index, slugs).items():
            (folder / name).write_text(text, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    generate(args.root, args.n, args.seed)


if __name__ == "__main__":
    main()
