"""Pictures (issue 15): media.yaml, figures, the lead photo, and what reaches readers' phones.

Every picture is re-encoded from its pixels: a photo with GPS coordinates, a camera serial and XMP in it
publishes none of them. Hostile files (a renamed web page, a truncated JPEG, a decompression bomb, a
symbolic link, a file over the limits) are refused with one line naming media.yaml's entry, and nothing is
written.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from penjelas.assets import pictures
from penjelas.build import Project, build
from penjelas.core.errors import ContentError
from tests.hostile import audit_output, explainer, write_content

SLUG = "satu"
FOLDER = f"explainers/{SLUG}"
CAMERA = "Kamera-Rahasia-XYZ"
SERIAL = "SN-0042-RAHASIA"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="Pyongyang-Rahasia"/></x:xmpmeta>'


pytestmark = pytest.mark.usefixtures("hang_guard")


def photo(width: int = 2000, height: int = 1250, orientation: int = 1, fmt: str = "JPEG") -> bytes:
    """A photo with a gradient (so it is not trivially compressible), GPS coordinates, a camera model and
    serial number, XMP and an ICC profile, as a phone's camera would write them."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[0x0110] = CAMERA  # Model
    exif[0x0112] = orientation
    exif[0xA431] = SERIAL  # BodySerialNumber
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}  # GPS: Jakarta
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=90, exif=exif.tobytes(), icc_profile=icc, xmp=XMP)
    else:
        image.save(buffer, fmt, exif=exif.tobytes(), icc_profile=icc)
    return buffer.getvalue()


MEDIA = """\
- file: foto.jpg
  alt: "Gedung dengan bendera di depannya"
  credit: "Foto: ANTARA/Fotografer Uji"
  caption: "Gedung itu, *dua hari* setelah penandatanganan."
"""
BODY = "Paragraf pertama.\n\n![](foto.jpg)\n\nParagraf kedua."


def site(tmp_path: Path, files: dict[str, str | bytes] | None = None, **index: str) -> Path:
    content: dict[str, str | bytes] = {
        f"{FOLDER}/index.md": explainer(body=index.get("body", BODY), extra=index.get("extra", "image: foto.jpg\n")),
        f"{FOLDER}/media.yaml": MEDIA,
        f"{FOLDER}/foto.jpg": photo(),
    }
    content.update(files or {})
    return write_content(tmp_path / "site", {k: v for k, v in content.items() if v != ""})


def built(root: Path) -> Path:
    build(Project(root), root / "output")
    return root / "output"


def errors_of(root: Path) -> list[str]:
    """Build ``root``, which must fail without writing anything; the error lines."""
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert not (root / "output").exists()
    return [p.format() for p in caught.value.problems]


def page(out: Path) -> str:
    return (out / SLUG / "index.html").read_text("utf-8")


def img_tags(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'([a-z-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img [^>]*>", html)]


def test_published_pictures_carry_nothing_but_pixels(tmp_path: Path) -> None:
    out = built(site(tmp_path))
    copies = sorted(p for p in out.rglob("*") if p.suffix in (".jpg", ".webp"))
    assert len(copies) == 6, [p.name for p in copies]  # 480, 800, 1200 as WebP and JPEG
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (CAMERA.encode(), SERIAL.encode(), b"Pyongyang-Rahasia", b"GPS", b"Exif\0\0", b"ICC_PROFILE"):
                assert secret not in data, f"{path.relative_to(out)} holds {secret!r}"
    for path in copies:
        with Image.open(path) as image:
            assert not image.getexif(), path.name
            assert "icc_profile" not in image.info and "xmp" not in image.info, path.name
            assert image.mode == "RGB"
    assert audit_output(out) == []


def test_copies_at_three_widths_never_wider_than_the_picture(tmp_path: Path) -> None:
    out = built(site(tmp_path))
    widths = sorted(Image.open(p).width for p in (out / SLUG).glob("foto-*.webp"))
    assert widths == [480, 800, 1200]
    small = tmp_path / "small"
    out = built(site(small, {f"{FOLDER}/foto.jpg": photo(600, 400)}, extra=""))
    assert sorted(Image.open(p).size for p in (out / SLUG).glob("foto-*.jpg")) == [(480, 320), (600, 400)]


def test_every_name_carries_a_digest_of_the_bytes(tmp_path: Path) -> None:
    out = built(site(tmp_path))
    for path in (out / SLUG).glob("foto-*"):
        _stem, digest, _suffix = path.name.rsplit(".", 2)
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:10] == digest, path.name


def test_the_lead_photo_is_eager_the_figures_lazy_and_all_have_sizes(tmp_path: Path) -> None:
    html = page(built(site(tmp_path)))
    lead, figure = img_tags(html)
    assert lead["fetchpriority"] == "high" and "loading" not in lead
    assert figure["loading"] == "lazy" and figure["decoding"] == "async"
    for tag in (lead, figure):
        assert (tag["width"], tag["height"]) == ("1200", "750")
        assert tag["alt"] == "Gedung dengan bendera di depannya"
        assert tag["srcset"].count("w,") == 2 and tag["sizes"]
    assert html.count('<source type="image/webp"') == 2
    assert '<figcaption>Gedung itu, <em>dua hari</em> setelah penandatanganan. <span class="credit">' in html
    assert "Foto: ANTARA/Fotografer Uji</span>" in html
    # The lead photo is the share image, with its own alt text: image_alt is not needed.
    assert re.search(
        r'<meta property="og:image" content="https://example.org/satu/foto-1200\.[0-9a-f]{10}\.jpg">', html
    )
    assert '<meta property="og:image:alt" content="Gedung dengan bendera di depannya">' in html


def test_alt_written_in_the_article_replaces_media_yamls_for_that_figure(tmp_path: Path) -> None:
    html = page(built(site(tmp_path, body="Teks.\n\n![Gedung dari seberang jalan](foto.jpg)\n\nTeks.", extra="")))
    (figure,) = img_tags(html)
    assert figure["alt"] == "Gedung dari seberang jalan"


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    """A phone held upright writes a landscape frame and 'rotate 90°': readers must see it upright."""
    out = built(site(tmp_path, {f"{FOLDER}/foto.jpg": photo(1600, 1000, orientation=6)}))
    sizes = sorted(Image.open(p).size for p in (out / SLUG).glob("foto-*.jpg"))
    assert sizes == [(480, 768), (800, 1280), (1000, 1600)]
    assert img_tags(page(out))[0]["height"] == "1600"


def test_pictures_in_a_subfolder_and_png_and_webp(tmp_path: Path) -> None:
    media = MEDIA + '- file: peta/wilayah.png\n  alt: "Peta"\n  credit: "Ilustrasi: Redaksi"\n'
    media += '- file: grafik.webp\n  alt: "Grafik"\n  credit: "Grafik: Redaksi"\n'
    body = "Teks.\n\n![](peta/wilayah.png)\n\n![](grafik.webp)\n"
    root = site(
        tmp_path,
        {
            f"{FOLDER}/media.yaml": media,
            f"{FOLDER}/peta/wilayah.png": photo(900, 600, fmt="PNG"),
            f"{FOLDER}/grafik.webp": photo(700, 700, fmt="WEBP"),
        },
        body=body,
    )
    out = built(root)
    assert sorted(p.name.split(".")[0] for p in (out / SLUG / "peta").glob("*.jpg")) == [
        "wilayah-480",
        "wilayah-800",
        "wilayah-900",
    ]
    assert len(list((out / SLUG).glob("grafik-*"))) == 4  # 480 and 700, twice


def test_a_rebuild_takes_the_copies_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site(tmp_path)
    first = built(root)
    made = []
    real = pictures._resize_file
    monkeypatch.setattr(pictures, "_resize_file", lambda path: made.append(path) or real(path))
    build(Project(root), root / "again")
    assert made == []
    assert {p.name: p.read_bytes() for p in (first / SLUG).iterdir()} == {
        p.name: p.read_bytes() for p in (root / "again" / SLUG).iterdir()
    }
    (root / "content" / FOLDER / "foto.jpg").write_bytes(photo(1800, 1000))
    build(Project(root), root / "again")
    assert len(made) == 1  # the changed picture only


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    root = site(tmp_path)
    (root / ".cache").mkdir()
    (root / ".cache" / "pictures").write_text("not a folder")
    out = built(root)
    assert len(list((out / SLUG).glob("foto-*"))) == 6


def _bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (8000, 7000)).save(buffer, "PNG")  # 56 million pixels in a few kilobytes
    return buffer.getvalue()


def _truncated() -> bytes:
    data = photo()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {f"{FOLDER}/foto.jpg": b"<!doctype html><title>bukan gambar</title>"},
            "media.yaml:1:3: error: the file is not",
        ),
        ({f"{FOLDER}/foto.jpg": _truncated()}, "media.yaml:1:3: error: the picture is damaged or cut short"),
        ({f"{FOLDER}/foto.jpg": _bomb()}, "media.yaml:1:3: error: the picture has more than 50 million pixels"),
        ({f"{FOLDER}/foto.jpg": photo(400, 300)}, "media.yaml:1:3: error: the picture is 400×300 pixels"),
        ({f"{FOLDER}/foto.jpg": photo(640, 400)}, "media.yaml:1:3: error: the lead photo is 640×400 pixels"),
        ({f"{FOLDER}/foto.jpg": b"\xff\xd8\xff" + bytes(25_000_001)}, "media.yaml:1:3: error: the picture is 25,0 MB"),
        ({f"{FOLDER}/foto.jpg": "", f"{FOLDER}/Foto.JPG": photo()}, "(did you mean 'Foto.JPG'?)"),
        ({f"{FOLDER}/media.yaml": MEDIA.replace('  credit: "Foto: ANTARA/Fotografer Uji"\n', "")}, "'credit'"),
        ({f"{FOLDER}/media.yaml": MEDIA.replace("foto.jpg", "../foto.jpg")}, "('..' leaves it)"),
        ({f"{FOLDER}/media.yaml": MEDIA.replace("foto.jpg", "https://x.example/f.jpg")}, "not a web address"),
        ({f"{FOLDER}/media.yaml": MEDIA + MEDIA}, "media.yaml:5:9: error: 'foto.jpg' is described twice"),
    ],
    ids=[
        "renamed-html",
        "truncated",
        "bomb",
        "too-small",
        "lead-too-small",
        "over-25-mb",
        "wrong-case",
        "no-credit",
        "outside",
        "web-address",
        "twice",
    ],
)
def test_bad_pictures_are_refused_with_one_clear_line(
    tmp_path: Path, files: dict[str, str | bytes], expected: str
) -> None:
    errors = errors_of(site(tmp_path, files))
    assert len(errors) == 1 and expected in errors[0], errors
    assert errors[0].startswith(f"content/{FOLDER}/")


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    root = site(tmp_path, {f"{FOLDER}/asli.jpg": photo()})
    os.remove(root / "content" / FOLDER / "foto.jpg")
    os.symlink("asli.jpg", root / "content" / FOLDER / "foto.jpg")
    (error,) = errors_of(root)
    assert "media.yaml:1:9: error: 'foto.jpg' is a symbolic link" in error


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Teks.\n\n![](lain.jpg)\n", "index.md:9: error: the picture 'lain.jpg' is not described in"),
        ("Teks.\n\n![](Foto.jpg)\n", "(did you mean 'foto.jpg'?)"),
        ("Teks dengan ![](foto.jpg) di tengah.\n", "index.md:7: error: the picture 'foto.jpg' must stand alone"),
        ("Teks.\n\n[![](foto.jpg)](https://example.org/)\n", "must stand alone in its paragraph"),
    ],
)
def test_pictures_the_article_cannot_show_are_named_at_their_line(tmp_path: Path, body: str, expected: str) -> None:
    (error,) = errors_of(site(tmp_path, body=body))
    assert expected in error


def test_web_pictures_and_site_pictures_stay_as_they_were(tmp_path: Path) -> None:
    html = page(built(site(tmp_path, body="Teks.\n\n![Grafik](https://example.org/g.png)\n", extra="")))
    assert '<img src="https://example.org/g.png" alt="Grafik" />' in html


def test_the_same_pictures_give_the_same_bytes(tmp_path: Path) -> None:
    one = built(site(tmp_path / "a"))
    two = built(site(tmp_path / "b"))
    assert {p.relative_to(one): p.read_bytes() for p in one.rglob("*") if p.is_file()} == {
        p.relative_to(two): p.read_bytes() for p in two.rglob("*") if p.is_file()
    }
